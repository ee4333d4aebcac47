package io.gradgraph.examples;

import io.gradgraph.core.Backend;
import io.gradgraph.nn.DeepNetwork;
import io.gradgraph.nn.Initializer;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.TrainingConfig;
import io.gradgraph.nn.data.Dataset;
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
            "[LINEAR → RELU]×(L−1) → LINEAR → SIGMOID. Prints the cost every 100 iterations (epochs) and",
            "the train and test accuracy, and writes the learning curve as a PNG file. The defaults are the",
            "course's L_layer_model(..., layers_dims = [12288, 20, 7, 5, 1], learning_rate = 0.0075,",
            "num_iterations = 2500). Without --train and --test it runs on built-in synthetic pictures."})
final class DeepCommand extends PictureCommand {

    @Option(names = "--layers", paramLabel = "N", split = ",", splitSynopsisLabel = ",", order = 3,
            description = "Layer sizes n[0] (the features), n[1], …, n[L] = 1 (default: the features,20,7,5,1;"
                    + " 12288,20,7,5,1 for the course's pictures).")
    int[] layers;

    @Option(names = "--keep-prob", paramLabel = "P", order = 17,
            description = "Inverted dropout on the hidden layers: the probability of keeping a unit"
                    + " (default: ${DEFAULT-VALUE}).")
    double keepProb = 1;

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
            check(layers[layers.length - 1] == 1, "--layers must end with 1, the one sigmoid output for the 0/1 labels,"
                    + " but ends with " + layers[layers.length - 1]);
        }
    }

    @Override
    Model build(Dataset train, Initializer initializer, Backend backend) {
        int[] dims = layers != null ? layers : new int[] {train.features(), 20, 7, 5, 1};
        check(dims[0] == train.features(), "--layers starts with " + dims[0] + ", but the training pictures have "
                + train.features() + " features");
        DeepNetwork network = DeepNetwork.builder(dims).initializer(initializer).seed(seed).backend(backend).build();
        return new Model(network, String.format("L = %d layers %s, [LINEAR → RELU]×%d → LINEAR → SIGMOID; W = %s"
                + " (seed %d), b = 0", dims.length - 1, sizes(dims), dims.length - 2, initializer, seed));
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
        config.keepProb(keepProb);
    }

    private static String sizes(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }
}
