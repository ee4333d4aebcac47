package io.gradgraph.nn;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

/**
 * What a model is: named parameters (each with an initializer and a flag saying whether L2
 * regularization applies to it), a forward pass from the features {@code X} to an output node, a
 * {@link Loss} and a {@link Prediction} rule. Immutable; a {@link Network} holds a model's parameter
 * values and trains it. The built-in models ({@link LogisticRegression}, {@link ShallowNetwork},
 * {@link DeepNetwork}) are built with this same builder.
 *
 * <pre>{@code
 * Model model = Model.builder("tiny", 2, 1)                       // X: 2 × m, Y: 1 × m
 *         .weight("W1", 4, 2, Initializer.XAVIER).bias("b1", 4)   // weights are L2-regularized, biases not
 *         .weight("W2", 1, 4, Initializer.XAVIER).bias("b2", 1)
 *         .forward(c -> {
 *             Graph g = c.graph();
 *             Node a1 = c.dropout(g.tanh(g.add(g.matmul(c.parameter("W1"), c.features()), c.parameter("b1"))));
 *             return g.sigmoid(g.add(g.matmul(c.parameter("W2"), a1), c.parameter("b2")));
 *         })
 *         .loss(Loss.binaryCrossEntropy())                         // the default
 *         .prediction(Prediction.threshold(0.5))                   // the default
 *         .seed(3)
 *         .build();
 * Network net = new Network(model);
 * }</pre>
 *
 * <p>The forward pass is called once per graph the network needs (plain, with the L2 term, with
 * dropout masks), each time in a fresh {@link Graph}; it must build the same structure every time
 * and may use only the context's nodes.
 */
public final class Model {
    /** The features' input name unless {@link Builder#featuresName} changes it. */
    public static final String FEATURES = "X";
    /** The labels' input name unless {@link Builder#labelsName} changes it. */
    public static final String LABELS = "Y";

    /**
     * One parameter: its shape, how it starts, and whether L2 regularization adds
     * {@code λ/(2m)·‖P‖²} for it to the cost.
     */
    public record Parameter(String name, int rows, int cols, Initializer initializer, boolean regularized) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(initializer, "initializer");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a parameter needs a name");
            }
            if (rows < 1 || cols < 1) {
                throw new IllegalArgumentException("parameter " + name + " must be at least 1×1, got " + rows + "×"
                        + cols);
            }
        }
    }

    /** Builds the forward pass in a fresh graph and returns the output node (e.g. {@code A[L]}). */
    @FunctionalInterface
    public interface Forward {
        Node build(ModelContext context);
    }

    private final String name;
    private final int features;
    private final int outputs;
    private final int classes;
    private final String featuresName;
    private final String labelsName;
    private final List<Parameter> parameters;
    private final Forward forward;
    private final Loss loss;
    private final Prediction prediction;
    private final long seed;
    private final Backend backend;

    private Model(Builder b) {
        this.name = b.name;
        this.features = b.features;
        this.outputs = b.outputs;
        this.classes = b.classes;
        this.featuresName = b.featuresName;
        this.labelsName = b.labelsName;
        this.parameters = List.copyOf(b.parameters.values());
        this.forward = Objects.requireNonNull(b.forward, "forward: the model needs a forward pass");
        this.loss = b.loss;
        this.prediction = b.prediction;
        this.seed = b.seed;
        this.backend = b.backend;
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " has no parameters to train");
        }
        if (featuresName.equals(labelsName) || b.parameters.containsKey(featuresName)
                || b.parameters.containsKey(labelsName)) {
            throw new IllegalArgumentException("model " + name + ": the features (" + featuresName + "), labels ("
                    + labelsName + ") and parameters " + b.parameters.keySet() + " need distinct names");
        }
    }

    /**
     * A builder for a model named {@code name} (used in messages) with {@code features} input rows
     * ({@code X} is features × m) and {@code outputs} label rows ({@code Y} is outputs × m).
     */
    public static Builder builder(String name, int features, int outputs) {
        return new Builder(name, features, outputs);
    }

    public String name() {
        return name;
    }

    /** n_x: the rows of {@code X}. */
    public int features() {
        return features;
    }

    /** n_y: the rows of {@code Y} in the graph (K for {@link Builder#classes class labels}). */
    public int outputs() {
        return outputs;
    }

    /**
     * K when labels come as one row of class indices 0…K−1 that are one-hot encoded into the K×m
     * input {@code Y}; 0 when the labels are bound to {@code Y} as given.
     */
    public int classes() {
        return classes;
    }

    /** The rows of the labels a user passes to {@code fit}: 1 for class labels, else {@link #outputs()}. */
    public int labelRows() {
        return classes > 0 ? 1 : outputs;
    }

    /** The name of the features' input node ({@code "X"} by default). */
    public String featuresName() {
        return featuresName;
    }

    /** The name of the labels' input node ({@code "Y"} by default). */
    public String labelsName() {
        return labelsName;
    }

    /** The parameters, in the order they are initialized, trained and saved. */
    public List<Parameter> parameters() {
        return parameters;
    }

    public Forward forward() {
        return forward;
    }

    public Loss loss() {
        return loss;
    }

    public Prediction prediction() {
        return prediction;
    }

    /** The numpy seed of the generator every initializer draws from, in parameter order. */
    public long seed() {
        return seed;
    }

    /** The backend a {@link Network} of this model runs on unless a {@link TrainingConfig} overrides it. */
    public Backend backend() {
        return backend;
    }

    /** The same model on another backend. */
    public Model withBackend(Backend backend) {
        Builder b = toBuilder();
        b.backend(backend);
        return b.build();
    }

    /** The initial parameter values: every initializer in order, from one generator seeded with {@link #seed()}. */
    public LinkedHashMap<String, DMatrixRMaj> initialParameters() {
        NumpyRandom rng = new NumpyRandom(seed);
        LinkedHashMap<String, DMatrixRMaj> values = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            DMatrixRMaj v = p.initializer().weights(p.rows(), p.cols(), rng);
            if (v.numRows != p.rows() || v.numCols != p.cols()) {
                throw new IllegalArgumentException("initializer " + p.initializer() + " gave " + p.name() + " a "
                        + v.numRows + "×" + v.numCols + " matrix, expected " + p.rows() + "×" + p.cols());
            }
            values.put(p.name(), v);
        }
        return values;
    }

    /** A builder starting from this model. */
    public Builder toBuilder() {
        Builder b = new Builder(name, features, outputs);
        b.classes = classes;
        b.featuresName = featuresName;
        b.labelsName = labelsName;
        parameters.forEach(b::parameter);
        b.forward = forward;
        b.loss = loss;
        b.prediction = prediction;
        b.seed = seed;
        b.backend = backend;
        return b;
    }

    @Override
    public String toString() {
        return "Model[" + name + ": " + featuresName + " " + features + "×m → " + labelsName + " " + outputs + "×m, "
                + parameters.stream().map(p -> p.name() + " " + p.rows() + "×" + p.cols()).toList() + ", loss "
                + loss + "]";
    }

    /** Options of a {@link Model}; {@link #forward} is required, everything else has a default. */
    public static final class Builder {
        private final String name;
        private final int features;
        private int outputs;
        private int classes;
        private String featuresName = FEATURES;
        private String labelsName = LABELS;
        private final LinkedHashMap<String, Parameter> parameters = new LinkedHashMap<>();
        private Forward forward;
        private Loss loss = Loss.binaryCrossEntropy();
        private Prediction prediction = Prediction.threshold(0.5);
        private long seed = 1;
        private Backend backend = Network.defaultBackend();

        private Builder(String name, int features, int outputs) {
            this.name = Objects.requireNonNull(name, "name");
            if (features < 1 || outputs < 1) {
                throw new IllegalArgumentException("model " + name + " needs at least one input and one output row,"
                        + " got n_x = " + features + ", n_y = " + outputs);
            }
            this.features = features;
            this.outputs = outputs;
        }

        /** Adds a parameter; names are unique. */
        public Builder parameter(Parameter parameter) {
            Objects.requireNonNull(parameter, "parameter");
            if (parameters.putIfAbsent(parameter.name(), parameter) != null) {
                throw new IllegalArgumentException("model " + name + " already has a parameter named "
                        + parameter.name());
            }
            return this;
        }

        /** A weight matrix: drawn by {@code initializer}, L2-regularized. */
        public Builder weight(String name, int rows, int cols, Initializer initializer) {
            return parameter(new Parameter(name, rows, cols, initializer, true));
        }

        /** A bias column {@code rows × 1}: zeros, not regularized. */
        public Builder bias(String name, int rows) {
            return parameter(new Parameter(name, rows, 1, Initializer.ZEROS, false));
        }

        /** The forward pass from {@link ModelContext#features()} to the output node. */
        public Builder forward(Forward forward) {
            this.forward = Objects.requireNonNull(forward, "forward");
            return this;
        }

        /** The cost of the output against the labels (default {@link Loss#binaryCrossEntropy()}). */
        public Builder loss(Loss loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        /** How outputs become predictions and accuracies (default {@link Prediction#threshold threshold(0.5)}). */
        public Builder prediction(Prediction prediction) {
            this.prediction = Objects.requireNonNull(prediction, "prediction");
            return this;
        }

        /**
         * Labels are class indices 0…K−1 in one row; the network one-hot encodes them into the
         * K×m input {@code Y} (K = the model's outputs, at least 2) and refuses any other value.
         * Use with {@link Loss#categoricalCrossEntropy()} and {@link Prediction#argmax()}.
         */
        public Builder classLabels() {
            if (outputs < 2) {
                throw new IllegalArgumentException("model " + name + ": class labels need K ≥ 2 outputs, got "
                        + outputs);
            }
            this.classes = outputs;
            return this;
        }

        public Builder featuresName(String featuresName) {
            this.featuresName = Objects.requireNonNull(featuresName, "featuresName");
            return this;
        }

        public Builder labelsName(String labelsName) {
            this.labelsName = Objects.requireNonNull(labelsName, "labelsName");
            return this;
        }

        /** The numpy seed of the initializers' generator (default 1). */
        public Builder seed(long seed) {
            this.seed = NumpyRandom.checkSeed(seed);
            return this;
        }

        /** The backend the network runs on (default: {@link Network#defaultBackend()}). */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        public Model build() {
            return new Model(this);
        }
    }
}
