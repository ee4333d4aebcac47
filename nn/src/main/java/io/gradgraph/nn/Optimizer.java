package io.gradgraph.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;

/**
 * The parameter update after each (mini-)batch, given the gradients that autodiff derived. The
 * update itself is not backpropagation, just arithmetic on the parameter matrices, done in place in
 * the course's order of operations:
 *
 * <pre>
 * gradient descent   W = W − α·dW
 * momentum           v = β·v + (1 − β)·dW;   W = W − α·v
 * Adam               v = β1·v + (1 − β1)·dW;   v̂ = v / (1 − β1^t)
 *                    s = β2·s + (1 − β2)·dW²;  ŝ = s / (1 − β2^t)
 *                    W = W − α·v̂ / (√ŝ + ε)          (t counts Adam steps from 1)
 * </pre>
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder().optimizer(Optimizer.adam(0.0007)).batchSize(64).build();
 * }</pre>
 *
 * <p>The interface is open: a user's optimizer implements {@link #start} and returns a {@link State}
 * whose {@code step} updates the parameter matrices in place from their gradients (in the map's
 * order); {@link #withLearningRate} may throw {@link UnsupportedOperationException} when the
 * optimizer has no single learning rate.
 */
public interface Optimizer {

    /** α, the learning rate. */
    double learningRate();

    /** The same optimizer with another learning rate. */
    Optimizer withLearningRate(double learningRate);

    /**
     * Fresh optimizer state (zero velocities, t = 0) for these parameters, to update them in place.
     * Each {@code fit} starts a new state, as the course's model functions do.
     */
    State start(Map<String, DMatrixRMaj> parameters);

    /**
     * This optimizer's update of one parameter, element by element, as a function of index ranges:
     * {@code apply(from, to)} updates {@code parameter[i]} from {@code gradient[i]} for i in
     * [from, to), with the same arithmetic as {@link State#step} (fresh state, as {@link #start}).
     * For trainers that finish a gradient range by range ({@link PipelinedDescent}); each step must
     * hand over every index once. Empty when the update is not elementwise within a step (Adam
     * counts steps for its bias correction).
     */
    default Optional<RangeUpdate> rangeUpdate(double[] parameter, double[] gradient) {
        return Optional.empty();
    }

    /** An elementwise update over index ranges; see {@link #rangeUpdate}. */
    @FunctionalInterface
    interface RangeUpdate {
        /** Updates the elements [from, to). */
        void apply(int from, int to);
    }

    /** Plain gradient descent, {@code W = W − α·dW}. */
    static Optimizer gd(double learningRate) {
        return new GradientDescent(learningRate);
    }

    /** Momentum with velocity decay β (the course uses 0.9). */
    static Optimizer momentum(double learningRate, double beta) {
        return new Momentum(learningRate, beta);
    }

    /** Adam with the course's β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    static Optimizer adam(double learningRate) {
        return new Adam(learningRate, 0.9, 0.999, 1e-8);
    }

    static Optimizer adam(double learningRate, double beta1, double beta2, double epsilon) {
        return new Adam(learningRate, beta1, beta2, epsilon);
    }

    /** An optimizer's running state for one training run. */
    interface State {
        /**
         * Updates every parameter in place from its gradient, matched by position: {@code
         * gradients.get(i)} belongs to the i-th parameter given to {@link Optimizer#start}.
         */
        void step(List<DMatrixRMaj> gradients);

        /** The number of steps taken so far (Adam's t). */
        int steps();
    }

    /** {@code W = W − α·dW}. */
    record GradientDescent(double learningRate) implements Optimizer {
        public GradientDescent {
            requireRate(learningRate);
        }

        @Override
        public Optimizer withLearningRate(double learningRate) {
            return new GradientDescent(learningRate);
        }

        @Override
        public Optional<RangeUpdate> rangeUpdate(double[] p, double[] g) {
            double lr = learningRate;
            return Optional.of((from, to) -> {
                for (int i = from; i < to; i++) {
                    p[i] = p[i] - lr * g[i];
                }
            });
        }

        @Override
        public State start(Map<String, DMatrixRMaj> parameters) {
            List<DMatrixRMaj> params = values(parameters);
            double lr = learningRate;
            return new OptimizerState(params) {
                @Override
                void update(int k, DMatrixRMaj w, DMatrixRMaj dw) {
                    double[] p = w.data;
                    double[] g = dw.data;
                    for (int i = 0, n = w.getNumElements(); i < n; i++) {
                        p[i] = p[i] - lr * g[i];
                    }
                }
            };
        }
    }

    /** {@code v = β·v + (1 − β)·dW; W = W − α·v}. */
    record Momentum(double learningRate, double beta) implements Optimizer {
        public Momentum {
            requireRate(learningRate);
            requireDecay("beta", beta);
        }

        @Override
        public Optimizer withLearningRate(double learningRate) {
            return new Momentum(learningRate, beta);
        }

        @Override
        public Optional<RangeUpdate> rangeUpdate(double[] p, double[] g) {
            double lr = learningRate;
            double b = beta;
            double[] v = new double[p.length];
            return Optional.of((from, to) -> {
                for (int i = from; i < to; i++) {
                    v[i] = b * v[i] + (1 - b) * g[i];
                    p[i] = p[i] - lr * v[i];
                }
            });
        }

        @Override
        public State start(Map<String, DMatrixRMaj> parameters) {
            List<DMatrixRMaj> params = values(parameters);
            List<DMatrixRMaj> velocity = zerosLike(params);
            double lr = learningRate;
            double b = beta;
            return new OptimizerState(params) {
                @Override
                void update(int k, DMatrixRMaj w, DMatrixRMaj dw) {
                    double[] p = w.data;
                    double[] g = dw.data;
                    double[] v = velocity.get(k).data;
                    for (int i = 0, n = w.getNumElements(); i < n; i++) {
                        v[i] = b * v[i] + (1 - b) * g[i];
                        p[i] = p[i] - lr * v[i];
                    }
                }
            };
        }
    }

    /** Adam with bias correction; see the class comment for the update. */
    record Adam(double learningRate, double beta1, double beta2, double epsilon) implements Optimizer {
        public Adam {
            requireRate(learningRate);
            requireDecay("beta1", beta1);
            requireDecay("beta2", beta2);
            if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("Adam epsilon must be finite and ≥ 0, got " + epsilon);
            }
        }

        @Override
        public Optimizer withLearningRate(double learningRate) {
            return new Adam(learningRate, beta1, beta2, epsilon);
        }

        @Override
        public State start(Map<String, DMatrixRMaj> parameters) {
            List<DMatrixRMaj> params = values(parameters);
            List<DMatrixRMaj> first = zerosLike(params);
            List<DMatrixRMaj> second = zerosLike(params);
            double lr = learningRate;
            double b1 = beta1;
            double b2 = beta2;
            double eps = epsilon;
            return new OptimizerState(params) {
                private double correction1;
                private double correction2;

                @Override
                void beginStep(int t) {
                    correction1 = 1 - Math.pow(b1, t);
                    correction2 = 1 - Math.pow(b2, t);
                }

                @Override
                void update(int k, DMatrixRMaj w, DMatrixRMaj dw) {
                    double[] p = w.data;
                    double[] g = dw.data;
                    double[] v = first.get(k).data;
                    double[] s = second.get(k).data;
                    for (int i = 0, n = w.getNumElements(); i < n; i++) {
                        v[i] = b1 * v[i] + (1 - b1) * g[i];
                        double vHat = v[i] / correction1;
                        s[i] = b2 * s[i] + (1 - b2) * (g[i] * g[i]);
                        double sHat = s[i] / correction2;
                        p[i] = p[i] - lr * vHat / (Math.sqrt(sHat) + eps);
                    }
                }
            };
        }
    }

    private static void requireRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be finite and > 0, got " + learningRate);
        }
    }

    private static void requireDecay(String name, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + beta);
        }
    }

    private static List<DMatrixRMaj> values(Map<String, DMatrixRMaj> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        return List.copyOf(new LinkedHashMap<>(parameters).values());
    }

    private static List<DMatrixRMaj> zerosLike(List<DMatrixRMaj> params) {
        List<DMatrixRMaj> zeros = new ArrayList<>(params.size());
        for (DMatrixRMaj p : params) {
            zeros.add(new DMatrixRMaj(p.numRows, p.numCols));
        }
        return zeros;
    }
}
