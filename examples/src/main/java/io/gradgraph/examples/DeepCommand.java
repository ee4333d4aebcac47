package io.gradgraph.examples;

import io.gradgraph.core.Backend;
import io.gradgraph.nn.DeepNetwork;
import io.gradgraph.nn.Initializer;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.NumpyRandom;
import io.gradgraph.nn.OutputLayer;
import io.gradgraph.nn.TrainingConfig;
import io.gradgraph.nn.data.Dataset;
import io.gradgraph.nn.data.SpiralDataset;
import io.gradgraph.spark.SparkFit;
import io.gradgraph.spark.SparkTrainingException;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deep}: the course's L-layer network {@code [LINEAR → RELU]×(L−1) → LINEAR → SIGMOID} —
 * {@code L_layer_model(train_x, train_y, layers_dims = [12288, 20, 7, 5, 1], learning_rate =
 * 0.0075, num_iterations = 2500, print_cost = True)} by default — with the later course's mini-batches,
 * momentum and Adam, L2 and dropout.
 */
@Command(name = "deep", sortOptions = false, sortSynopsis = false,
        defaultValueProvider = DeepCommand.CourseDefaults.class,
        description = {"The L-layer network on the cat pictures, with optimizers and regularization.",
            "[LINEAR → RELU]×(L−1) → LINEAR → SIGMOID (or SOFTMAX over K classes). Prints the cost every 100",
            "iterations (epochs) and the train and test accuracy, and writes the learning curve (and for 2-D",
            "inputs the decision regions) as PNG files. The defaults are the course's L_layer_model(...,",
            "layers_dims = [12288, 20, 7, 5, 1], learning_rate = 0.0075, num_iterations = 2500). Without",
            "--train and --test it runs on built-in synthetic pictures (--output softmax: built-in spirals)."})
final class DeepCommand extends PictureCommand {

    @Option(names = "--layers", paramLabel = "N", split = ",", splitSynopsisLabel = ",", order = 3,
            description = "Layer sizes n[0] (the features), n[1], …, n[L] = 1 (default: the features,20,7,5,1;"
                    + " 12288,20,7,5,1 for the course's pictures).")
    int[] layers;

    @Option(names = "--output", paramLabel = "LAYER", order = 3,
            description = "The output layer: sigmoid (0/1 labels, --layers ending with 1) or softmax (classes 0…K−1,"
                    + " K the last of --layers, e.g. 2,100,3; without files: the built-in spirals)"
                    + " (default: ${DEFAULT-VALUE}).")
    OutputName output = OutputName.sigmoid;

    @Option(names = "--keep-prob", paramLabel = "P", order = 17,
            description = "Inverted dropout on the hidden layers: the probability of keeping a unit"
                    + " (default: ${DEFAULT-VALUE}).")
    double keepProb = 1;

    @Option(names = "--dropout-seed", paramLabel = "N", order = 17,
            description = "np.random.seed of the dropout masks, seeded once (default: ${DEFAULT-VALUE}).")
    long dropoutSeed = 1;

    @Option(names = "--dropout-reseed", order = 17,
            description = "Reseed the dropout masks with --dropout-seed before every step, as the Regularization"
                    + " notebook's np.random.seed(1) inside forward_propagation_with_dropout.")
    boolean dropoutReseed;

    /** {@code --output} values. */
    enum OutputName {
        sigmoid(OutputLayer.SIGMOID), softmax(OutputLayer.SOFTMAX);

        final OutputLayer layer;

        OutputName(OutputLayer layer) {
            this.layer = layer;
        }
    }

    /** The built-in spirals of {@code --output softmax}: points per class in the training and test sets. */
    static final int SPIRAL_TRAIN = 100;
    static final int SPIRAL_TEST = 50;
    /** The spirals' default network when --layers is not given: 2 inputs, 100 ReLU units, 3 classes. */
    static final int[] SPIRAL_LAYERS = {2, 100, 3};
    /** The spirals' learning rate unless --lr is given (the course's 0.0075 needs far more iterations there). */
    static final double SPIRAL_LEARNING_RATE = 1.0;

    @Option(names = "--spark", paramLabel = "MASTER", order = 33,
            description = "Train data-parallel on Apache Spark: local[N] or spark://host:port. Needs Spark 4 on the"
                    + " class path, e.g. through spark-submit (see docs/spark.md).")
    String spark;

    /** The course's 2500 iterations at learning rate 0.0075, starting from randn/√n[l−1]. */
    static final class CourseDefaults extends Defaults {
        CourseDefaults() {
            super(2500, 0.0075, Init.course);
        }
    }

    DeepCommand(Console console) {
        super(console);
    }

    @Override
    String name() {
        return "deep";
    }

    @Override
    void checkOptions() {
        super.checkOptions();
        check(keepProb > 0 && keepProb <= 1, "--keep-prob must be in (0, 1], but was " + keepProb);
        if (layers != null) {
            check(layers.length >= 2, "--layers needs at least two sizes, n[0] and n[L], but was " + sizes(layers));
            check(Arrays.stream(layers).allMatch(n -> n >= 1), "--layers sizes must be at least 1, but were "
                    + sizes(layers));
            if (output == OutputName.sigmoid) {
                check(layers[layers.length - 1] == 1, "--layers must end with 1, the one sigmoid output for the 0/1"
                        + " labels, but ends with " + layers[layers.length - 1] + " (for K classes: --output softmax)");
            } else {
                check(layers[layers.length - 1] >= 2, "--output softmax takes the number of classes K from the last"
                        + " of --layers, which must be at least 2, but was " + layers[layers.length - 1]);
            }
        }
        if (output == OutputName.softmax && trainFile == null
                && !spec.commandLine().getParseResult().hasMatchedOption("--lr")) {
            learningRate = SPIRAL_LEARNING_RATE;
        }
        check(dropoutSeed >= 0 && dropoutSeed <= NumpyRandom.MAX_SEED,
                "--dropout-seed must be between 0 and 2^32 - 1, but was " + dropoutSeed);
    }

    /**
     * With {@code --output softmax}: K spiral arms (K the last of --layers, 3 by default), 100 points
     * each from {@code np.random.seed(1)} for training and 50 each from seed 2 for testing.
     */
    @Override
    Data builtInData() {
        if (output == OutputName.sigmoid) {
            return super.builtInData();
        }
        int k = layers != null ? layers[layers.length - 1] : SPIRAL_LAYERS[SPIRAL_LAYERS.length - 1];
        Dataset train = SpiralDataset.load(k, SPIRAL_TRAIN, 1);
        Dataset test = SpiralDataset.load(k, SPIRAL_TEST, 2);
        return new Data(train, test, String.format("the built-in spirals (%d classes in the plane; files: --train,"
                + " --test): train %d points (seed 1), test %d points (seed 2)", k, train.examples(), test.examples()),
                "Scaling: none (the spirals lie in the unit disc)");
    }

    @Override
    Model build(Dataset train, Initializer initializer, Backend backend) {
        int[] dims = layers != null ? layers
                : output == OutputName.softmax ? defaultSoftmaxLayers(train) : new int[] {train.features(), 20, 7, 5, 1};
        check(dims[0] == train.features(), "--layers starts with " + dims[0] + ", but the training pictures have "
                + train.features() + " features");
        DeepNetwork network = DeepNetwork.builder(dims).output(output.layer).initializer(initializer).seed(seed)
                .backend(backend).build();
        String last = output == OutputName.sigmoid ? "SIGMOID" : "SOFTMAX over " + dims[dims.length - 1] + " classes";
        return new Model(network, String.format("L = %d layers %s, [LINEAR → RELU]×%d → LINEAR → %s; W = %s"
                + " (seed %d), b = 0", dims.length - 1, sizes(dims), dims.length - 2, last, initializer, seed));
    }

    /** K from --layers for a softmax output (any, when K is to come from the labels), else 2. */
    @Override
    int classes() {
        if (output == OutputName.sigmoid) {
            return 2;
        }
        return layers != null ? layers[layers.length - 1] : DataOptions.ANY_CLASSES;
    }

    /** The features, 100 hidden units and K = the largest label + 1 classes (2,100,3 for the spirals). */
    private static int[] defaultSoftmaxLayers(Dataset train) {
        double max = 0;
        for (int i = 0; i < train.y().getNumElements(); i++) {
            max = Math.max(max, train.y().data[i]);
        }
        int k = (int) Math.max(2, Math.min(max + 1, 1_000_000));
        return new int[] {train.features(), 100, k};
    }

    @Override
    Training.Run train(Network network, Dataset train, TrainingConfig.Builder config) {
        if (spark == null) {
            return super.train(network, train, config);
        }
        if (!SparkFit.available()) {
            throw new Main.UsageException("--spark needs Apache Spark 4 (Scala 2.13) on the class path: run with"
                    + " spark-submit, or add Spark's jars to -cp (see docs/spark.md)");
        }
        try {
            return Training.fit(console, name(), config, c -> SparkFit.fit(spark, network, train, c));
        } catch (SparkTrainingException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

    @Override
    void configure(TrainingConfig.Builder config) {
        config.keepProb(keepProb).dropoutSeed(dropoutSeed).dropoutReseed(dropoutReseed);
    }

    private static String sizes(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }
}
