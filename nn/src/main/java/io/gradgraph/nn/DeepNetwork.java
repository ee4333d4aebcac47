package io.gradgraph.nn;

import io.gradgraph.core.Backend;
import java.util.Arrays;
import java.util.Objects;

/**
 * The course's L-layer network {@code [LINEAR → RELU]×(L−1) → LINEAR → SIGMOID} for any
 * {@code layerDims = [n_x, n[1], …, n[L]]}, with parameters {@code W1, b1, …, WL, bL}
 * ({@code W[l]} of shape n[l]×n[l−1]). The hidden activation is selectable, and so is the output
 * layer: {@link OutputLayer#SOFTMAX} makes it a K-class classifier (K = n[L], labels 0…K−1, argmax).
 *
 * <pre>{@code
 * Dataset train = Hdf5Dataset.loadCatTrain(Path.of("datasets/train_catvnoncat.h5"));
 * DeepNetwork net = DeepNetwork.builder(12288, 20, 7, 5, 1).build();       // randn / √n_prev, seed 1
 * net.fit(train, TrainingConfig.builder().iterations(2500).learningRate(0.0075).printEvery(100).build());
 *
 * DeepNetwork twoLayer = DeepNetwork.twoLayer(12288, 7, 1).build();        // LINEAR → RELU → LINEAR → SIGMOID
 * DeepNetwork regularized = DeepNetwork.builder(2, 20, 3, 1).initializer(Initializer.HE).seed(3).build();
 * DeepNetwork classes = DeepNetwork.builder(2, 100, 3).output(OutputLayer.SOFTMAX).build();   // 3 classes
 * }</pre>
 *
 * <p>Defaults follow the course's {@code L_layer_model}: {@code np.random.seed(1)} and
 * {@code W[l] = randn(n[l], n[l−1]) / √n[l−1]} ({@link Initializer#COURSE}); {@link #twoLayer}
 * follows {@code two_layer_model}: seed 1 and {@code randn·0.01}.
 */
public final class DeepNetwork extends Network {
    private final int[] layerDims;
    private final Activation hidden;

    private final OutputLayer output;

    private DeepNetwork(Builder b) {
        super(b.model());
        this.layerDims = b.layerDims;
        this.hidden = b.hidden;
        this.output = b.output;
    }

    /** A builder for {@code layerDims = [n_x, n[1], …, n[L]]}, e.g. {@code builder(12288, 20, 7, 5, 1)}. */
    public static Builder builder(int... layerDims) {
        return new Builder(Layers.checkLayerDims(layerDims), Initializer.COURSE);
    }

    /**
     * The course's 2-layer model {@code LINEAR → RELU → LINEAR → SIGMOID}, the L = 2 case, with
     * {@code two_layer_model}'s initialization ({@code randn·0.01}, seed 1) unless changed.
     */
    public static Builder twoLayer(int inputs, int hidden, int outputs) {
        return new Builder(Layers.checkLayerDims(new int[] {inputs, hidden, outputs}), Initializer.SMALL_RANDOM);
    }

    /** {@code [n_x, n[1], …, n[L]]}. */
    public int[] layerDims() {
        return layerDims.clone();
    }

    /** L, the number of layers with parameters. */
    public int layers() {
        return layerDims.length - 1;
    }

    public Activation hiddenActivation() {
        return hidden;
    }

    /** The output layer (default {@link OutputLayer#SIGMOID}). */
    public OutputLayer outputLayer() {
        return output;
    }

    @Override
    public String toString() {
        return "DeepNetwork" + Arrays.toString(layerDims) + "[" + hidden.name().toLowerCase(java.util.Locale.ROOT)
                + " hidden, " + output.name().toLowerCase(java.util.Locale.ROOT) + " output]";
    }

    /** Options of a {@link DeepNetwork}. */
    public static final class Builder {
        private final int[] layerDims;
        private Activation hidden = Activation.RELU;
        private Initializer initializer;
        private long seed = 1;
        private OutputLayer output = OutputLayer.SIGMOID;
        private Backend backend = Network.defaultBackend();

        private Builder(int[] layerDims, Initializer initializer) {
            this.layerDims = layerDims;
            this.initializer = initializer;
        }

        /** The activation of the L−1 hidden layers (default ReLU). */
        public Builder hiddenActivation(Activation activation) {
            this.hidden = Objects.requireNonNull(activation, "activation");
            return this;
        }

        /** How the weights start (default {@link Initializer#COURSE}, or randn·0.01 for {@link #twoLayer}). */
        public Builder initializer(Initializer initializer) {
            this.initializer = Objects.requireNonNull(initializer, "initializer");
            return this;
        }

        /** The output layer (default {@link OutputLayer#SIGMOID}). */
        public Builder output(OutputLayer output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /** The numpy seed of the initialization (default 1, as the course's deep models). */
        public Builder seed(long seed) {
            this.seed = NumpyRandom.checkSeed(seed);
            return this;
        }

        /** The backend that runs the graphs (default {@code Backend.preferred()}: generated code when graph-codegen is present). */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        public DeepNetwork build() {
            return new DeepNetwork(this);
        }

        /**
         * The model these options describe: W1, b1, …, WL, bL drawn in order from one generator,
         * dropout on every hidden activation, and the output layer's loss and prediction.
         */
        public Model model() {
            return Layers.model("DeepNetwork", layerDims, hidden, output, initializer, seed).backend(backend).build();
        }
    }
}
