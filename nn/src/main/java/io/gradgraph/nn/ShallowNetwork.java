package io.gradgraph.nn;

import io.gradgraph.core.Backend;
import java.util.Objects;

/**
 * The course's network with one hidden layer: {@code A1 = g(W1·X + b1)}, {@code A2 = σ(W2·A1 + b2)},
 * tanh for {@code g} by default. Built like the course's {@code nn_model}: by default
 * {@code np.random.seed(2)}, then {@code W1 = randn(n_h, n_x)·0.01}, {@code b1 = 0},
 * {@code W2 = randn(n_y, n_h)·0.01}, {@code b2 = 0} ({@code nn_model}'s own {@code seed(3)} is
 * overridden by {@code initialize_parameters}' {@code seed(2)} before any draw).
 *
 * <pre>{@code
 * Dataset flower = PlanarDataset.load();
 * ShallowNetwork net = ShallowNetwork.builder(2, 4).build();
 * net.fit(flower, TrainingConfig.builder().iterations(10_000).learningRate(1.2).printEvery(1000).build());
 * // Cost after iteration 0: 0.693048 … Cost after iteration 9000: 0.218601
 * System.out.printf("Accuracy: %d%%%n", (int) net.accuracy(flower));    // Accuracy: 90%
 * }</pre>
 */
public final class ShallowNetwork extends Network {
    private final int hidden;
    private final Activation activation;

    private ShallowNetwork(Builder b) {
        super(b.model());
        this.hidden = b.hidden;
        this.activation = b.activation;
    }

    /** A builder for {@code n_x} inputs and {@code n_h} hidden units. */
    public static Builder builder(int inputs, int hidden) {
        return new Builder(inputs, hidden);
    }

    /** n_h, the number of hidden units. */
    public int hiddenUnits() {
        return hidden;
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public String toString() {
        return "ShallowNetwork[" + inputs() + " → " + hidden + " " + activation.name().toLowerCase(java.util.Locale.ROOT)
                + " → " + outputs() + " sigmoid]";
    }

    /** Options of a {@link ShallowNetwork}; the defaults are the course's {@code nn_model}. */
    public static final class Builder {
        private final int inputs;
        private final int hidden;
        private int outputs = 1;
        private Activation activation = Activation.TANH;
        private Initializer initializer = Initializer.SMALL_RANDOM;
        private long seed = 2;
        private Backend backend = Network.defaultBackend();

        private Builder(int inputs, int hidden) {
            if (inputs < 1 || hidden < 1) {
                throw new IllegalArgumentException("n_x and n_h must be ≥ 1, got n_x = " + inputs + ", n_h = " + hidden);
            }
            this.inputs = inputs;
            this.hidden = hidden;
        }

        /** n_y, the number of sigmoid output units (default 1). */
        public Builder outputs(int outputs) {
            if (outputs < 1) {
                throw new IllegalArgumentException("n_y must be ≥ 1, got " + outputs);
            }
            this.outputs = outputs;
            return this;
        }

        /** The hidden layer's activation (default tanh). */
        public Builder activation(Activation activation) {
            this.activation = Objects.requireNonNull(activation, "activation");
            return this;
        }

        /** How W1 and W2 start (default randn·0.01). */
        public Builder initializer(Initializer initializer) {
            this.initializer = Objects.requireNonNull(initializer, "initializer");
            return this;
        }

        /** The numpy seed of the initialization (default 2, as {@code initialize_parameters}). */
        public Builder seed(long seed) {
            this.seed = NumpyRandom.checkSeed(seed);
            return this;
        }

        /** The backend that runs the graphs (default {@code Backend.preferred()}: generated code when graph-codegen is present). */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        public ShallowNetwork build() {
            return new ShallowNetwork(this);
        }

        /**
         * The model these options describe: W1 (n_h×n_x), b1, W2 (n_y×n_h), b2, drawn W1 then W2
         * from one generator; dropout on A1; binary cross-entropy; prediction {@code A2 > 0.5}.
         */
        public Model model() {
            return Layers.model("ShallowNetwork", new int[] {inputs, hidden, outputs}, activation, OutputLayer.SIGMOID,
                    initializer, seed).backend(backend).build();
        }
    }
}
