package io.gradgraph.nn;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

/**
 * How a weight matrix {@code W[l]} of shape {@code n[l] × n[l−1]} starts out; biases always start at
 * zero. The random ones draw {@code np.random.randn(n[l], n[l−1])} from a {@link NumpyRandom}, layer
 * by layer, and scale it exactly as the course's notebooks do (same operations, same rounding), so a
 * seeded network starts from the course's numbers.
 *
 * <table>
 * <caption>The initializers and the course code they reproduce</caption>
 * <tr><th>constant</th><th>{@code W[l] =}</th></tr>
 * <tr><td>{@link #ZEROS}</td><td>{@code np.zeros((n[l], n[l−1]))} (logistic regression)</td></tr>
 * <tr><td>{@link #SMALL_RANDOM}</td><td>{@code np.random.randn(n[l], n[l−1]) * 0.01} ({@code nn_model})</td></tr>
 * <tr><td>{@link #RANDOM}</td><td>{@code np.random.randn(n[l], n[l−1])}</td></tr>
 * <tr><td>{@link #HE}</td><td>{@code np.random.randn(n[l], n[l−1]) * np.sqrt(2 / n[l−1])}</td></tr>
 * <tr><td>{@link #XAVIER}</td><td>{@code np.random.randn(n[l], n[l−1]) * np.sqrt(1 / n[l−1])}</td></tr>
 * <tr><td>{@link #COURSE}</td><td>{@code np.random.randn(n[l], n[l−1]) / np.sqrt(n[l−1])}
 *     ({@code initialize_parameters_deep})</td></tr>
 * <tr><td>{@link #normal(double) normal(s)}</td><td>{@code np.random.randn(n[l], n[l−1]) * s}</td></tr>
 * </table>
 *
 * <pre>{@code
 * DeepNetwork net = DeepNetwork.builder(12288, 20, 7, 5, 1).initializer(Initializer.HE).seed(3).build();
 * }</pre>
 *
 * <p>The interface is open: a {@link Model}'s parameter may start from any implementation (a
 * lambda {@code (rows, cols, rng) -> …}); it draws from the model's one generator in parameter order.
 */
public interface Initializer {

    /** All zeros: fine for logistic regression, fails to break symmetry in a network. */
    Initializer ZEROS = new Zeros();
    /** Standard normal × 0.01, the course's {@code nn_model} and {@code two_layer_model}. */
    Initializer SMALL_RANDOM = new Normal(0.01);
    /** Standard normal. */
    Initializer RANDOM = new Normal(1);
    /** Standard normal × √(2 / n[l−1]), recommended before ReLU. */
    Initializer HE = new FanIn(2);
    /** Standard normal × √(1 / n[l−1]), recommended before tanh. */
    Initializer XAVIER = new FanIn(1);
    /** Standard normal / √n[l−1], the course's {@code initialize_parameters_deep}. */
    Initializer COURSE = new DividedBySqrtFanIn();

    /** Standard normal × {@code scale}, e.g. the course's {@code "random_normal"} (× 10). */
    static Initializer normal(double scale) {
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("initializer scale must be finite, got " + scale);
        }
        return new Normal(scale);
    }

    /**
     * A new {@code rows × cols} weight matrix, drawing from {@code rng} in row-major order (numpy's).
     *
     * @param rows n[l]
     * @param cols n[l−1], the fan-in
     * @param rng the generator; the zero initializer does not use it
     */
    DMatrixRMaj weights(int rows, int cols, NumpyRandom rng);

    /** {@code np.zeros}. */
    record Zeros() implements Initializer {
        @Override
        public DMatrixRMaj weights(int rows, int cols, NumpyRandom rng) {
            return new DMatrixRMaj(rows, cols);
        }

        @Override
        public String toString() {
            return "zeros";
        }
    }

    /** {@code np.random.randn(rows, cols) * scale}. */
    record Normal(double scale) implements Initializer {
        @Override
        public DMatrixRMaj weights(int rows, int cols, NumpyRandom rng) {
            DMatrixRMaj w = Objects.requireNonNull(rng, "rng").randn(rows, cols);
            for (int i = 0; i < w.getNumElements(); i++) {
                w.data[i] = w.data[i] * scale;
            }
            return w;
        }

        @Override
        public String toString() {
            return "randn × " + scale;
        }
    }

    /** {@code np.random.randn(rows, cols) * np.sqrt(numerator / cols)}: He (2) and Xavier (1). */
    record FanIn(double numerator) implements Initializer {
        @Override
        public DMatrixRMaj weights(int rows, int cols, NumpyRandom rng) {
            DMatrixRMaj w = Objects.requireNonNull(rng, "rng").randn(rows, cols);
            double scale = Math.sqrt(numerator / cols);
            for (int i = 0; i < w.getNumElements(); i++) {
                w.data[i] = w.data[i] * scale;
            }
            return w;
        }

        @Override
        public String toString() {
            return numerator == 2 ? "He" : numerator == 1 ? "Xavier" : "randn × √(" + numerator + "/n_prev)";
        }
    }

    /** {@code np.random.randn(rows, cols) / np.sqrt(cols)}. */
    record DividedBySqrtFanIn() implements Initializer {
        @Override
        public DMatrixRMaj weights(int rows, int cols, NumpyRandom rng) {
            DMatrixRMaj w = Objects.requireNonNull(rng, "rng").randn(rows, cols);
            double root = Math.sqrt(cols);
            for (int i = 0; i < w.getNumElements(); i++) {
                w.data[i] = w.data[i] / root;
            }
            return w;
        }

        @Override
        public String toString() {
            return "randn / √n_prev";
        }
    }
}
