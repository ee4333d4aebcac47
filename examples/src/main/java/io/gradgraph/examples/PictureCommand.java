package io.gradgraph.examples;

import io.gradgraph.core.Backend;
import io.gradgraph.kernel.MatMul;
import io.gradgraph.nn.Initializer;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.NumpyRandom;
import io.gradgraph.nn.Optimizer;
import io.gradgraph.nn.TrainingConfig;
import io.gradgraph.nn.data.Dataset;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What {@code logistic} and {@code deep} share: the cat pictures (the course's HDF5 files, or the
 * built-in {@link SyntheticPictures}), the course's training hyper-parameters, the printed trace,
 * the accuracies and the learning curve.
 */
abstract sealed class PictureCommand implements Callable<Integer> permits LogisticCommand, DeepCommand {
    /** {@code --init} values (lower case: they are typed on the command line). */
    enum Init {
        zeros(Initializer.ZEROS), small(Initializer.SMALL_RANDOM), normal(Initializer.normal(10)),
        he(Initializer.HE), xavier(Initializer.XAVIER), course(Initializer.COURSE);

        final Initializer initializer;

        Init(Initializer initializer) {
            this.initializer = initializer;
        }
    }

    /** {@code --optimizer} values. */
    enum OptimizerName { gd, momentum, adam }

    /** {@code --epoch-cost} values. */
    enum EpochCostName {
        mean(TrainingConfig.EpochCost.MEAN), last_batch(TrainingConfig.EpochCost.LAST_BATCH);

        final TrainingConfig.EpochCost value;

        EpochCostName(TrainingConfig.EpochCost value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return name().replace('_', '-');
        }
    }

    protected final Console console;

    @Spec
    CommandSpec spec;

    @Option(names = "--train", paramLabel = "FILE", order = 1,
            description = "Training data: a .csv file (one example per row, the label last, a header row optional)"
                    + " or an HDF5 file (.h5: the course's train_catvnoncat.h5, or any with --x-key, --y-key)."
                    + " Without --train and --test: the built-in data.")
    Path trainFile;

    @Option(names = "--test", paramLabel = "FILE", order = 2,
            description = "Test data, as --train (the course's test_catvnoncat.h5: keys test_set_x, test_set_y).")
    Path testFile;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--iterations", paramLabel = "N", order = 10,
            description = "Gradient steps on all examples (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--epochs", paramLabel = "N", order = 11,
            description = "Passes over the mini-batches of --batch; the same count as --iterations.")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "ALPHA", order = 12,
            description = "Learning rate α (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--optimizer", paramLabel = "NAME", order = 13,
            description = "gd, momentum (β = --beta) or adam (β1 = 0.9, β2 = 0.999, ε = 1e-8)"
                    + " (default: ${DEFAULT-VALUE}).")
    OptimizerName optimizer = OptimizerName.gd;

    @Option(names = "--beta", paramLabel = "BETA", order = 14,
            description = "Momentum's β (default: ${DEFAULT-VALUE}).")
    double beta = 0.9;

    @Option(names = "--batch", paramLabel = "N", order = 15,
            description = "Mini-batch size, shuffled each epoch as random_mini_batches (default: all examples).")
    int batch;

    @Option(names = "--l2", paramLabel = "LAMBDA", order = 16,
            description = "L2 regularization λ: adds λ/(2m)·Σ‖W‖² to the cost (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--epoch-cost", paramLabel = "WHICH", order = 18,
            description = "With mini-batches, the cost printed per epoch: mean (of the batches, weighted by size) or"
                    + " last-batch (the last mini-batch's, before its update, as the original Optimization notebook)"
                    + " (default: ${DEFAULT-VALUE}).")
    EpochCostName epochCost = EpochCostName.mean;

    @Option(names = "--continue-on-nan", order = 19,
            description = "Train on when the cost becomes NaN or infinite (default: stop with one line, exit code 2).")
    boolean continueOnNaN;

    @Option(names = "--init", paramLabel = "NAME", order = 20,
            description = "Initial weights: zeros, small (randn·0.01), normal (randn·10, the course's random_normal),"
                    + " he, xavier or course (randn/√n[l−1]) (default: ${DEFAULT-VALUE}).")
    Init init;

    @Option(names = "--seed", paramLabel = "N", order = 21,
            description = "np.random.seed of the initial weights (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--print-every", paramLabel = "N", order = 30,
            description = "Print the cost every N iterations (epochs), 0 for never (default: ${DEFAULT-VALUE}).")
    int printEvery = 100;

    @Option(names = "--interpreter", order = 31,
            description = "Run the EJML interpreter instead of generated Java (the default; same numbers).")
    boolean interpreter;

    @Option(names = "--compiled", hidden = true, description = "Generated Java: the default.")
    boolean compiled;

    @Option(names = "--out", paramLabel = "DIR", order = 32,
            description = "Where the PNG goes (default: ${DEFAULT-VALUE}).")
    Path outDir = Path.of("gradgraph-out");

    @Option(names = {"-h", "--help"}, usageHelp = true, order = 99, description = "Show this help and exit.")
    boolean help;

    private Backend backend;

    PictureCommand(Console console) {
        this.console = console;
    }

    /** The command's name, for the PNG's file name and the progress bar. */
    abstract String name();

    /**
     * The defaults that differ between {@code logistic} and {@code deep}: the course's number of
     * iterations, learning rate and initializer for each model, shown by {@code --help}.
     */
    abstract static class Defaults implements IDefaultValueProvider {
        private final Map<String, String> values;

        Defaults(int iterations, double learningRate, Init init) {
            values = Map.of("--iterations", Integer.toString(iterations), "--lr", Double.toString(learningRate),
                    "--init", init.name());
        }

        @Override
        public String defaultValue(ArgSpec argument) {
            return argument instanceof OptionSpec option ? values.get(option.longestName()) : null;
        }
    }

    /** A model ready to train, and one line describing it. */
    record Model(Network network, String description) {
    }

    /** Checks the model's own options against the data and builds the model. */
    abstract Model build(Dataset train, Initializer initializer, Backend backend);

    /** Checks the options that do not depend on the data; {@link #build} checks the rest. */
    void checkOptions() {
        check(epochs == null || !spec.commandLine().getParseResult().hasMatchedOption("--iterations"),
                "give --iterations or --epochs, not both");
        check(count() >= 1,
                "--" + (epochs != null ? "epochs" : "iterations") + " must be at least 1, but was " + count());
        check(learningRate > 0 && Double.isFinite(learningRate), "--lr must be a positive number, but was "
                + learningRate);
        check(beta >= 0 && beta < 1, "--beta must be in [0, 1), but was " + beta);
        check(batch >= 1 || !spec.commandLine().getParseResult().hasMatchedOption("--batch"),
                "--batch must be at least 1 (leave it out for all examples), but was " + batch);
        check(l2 >= 0 && Double.isFinite(l2), "--l2 must be 0 or more, but was " + l2);
        check(seed >= 0 && seed <= NumpyRandom.MAX_SEED, "--seed must be between 0 and 2^32 - 1, but was " + seed);
        check(printEvery >= 0, "--print-every must be 0 or more, but was " + printEvery);
        check((trainFile == null) == (testFile == null),
                "--train and --test go together: give both files, or neither for the built-in pictures");
        Main.requireOutputDirectory(outDir, "--out");
    }

    @Override
    public Integer call() {
        checkOptions();
        dataOptions.check();
        PrintStream out = console.out();
        Dataset train;
        Dataset test;
        String data;
        String scaling;
        String trainName;
        String testName;
        if (trainFile == null) {
            check(dataOptions.scale.equals("auto"), "--scale is for --train and --test files; the built-in data"
                    + " come scaled");
            Data builtIn = builtInData();
            train = builtIn.train();
            test = builtIn.test();
            data = builtIn.description();
            scaling = builtIn.scaling();
            trainName = "the built-in training data";
            testName = "the built-in test data";
        } else {
            DataOptions.Loaded trainData = dataOptions.read(trainFile, false, classes());
            DataOptions.Loaded testData = dataOptions.read(testFile, true, classes());
            train = trainData.data();
            test = testData.data();
            if (test.features() != train.features()) {
                throw new Main.UsageException(testFile + ": the test examples have " + test.features()
                        + " features, but the training examples " + train.features());
            }
            scaling = dataOptions.apply(trainData, testData);
            data = trainData.pictures() && testData.pictures()
                    ? trainFile.getFileName() + ": train " + describe(train) + "; " + testFile.getFileName() + ": test "
                            + describe(test)
                    : "train " + trainData.description() + "; test " + testData.description();
            trainName = trainFile.toString();
            testName = testFile.toString();
        }
        backend = interpreter ? Backend.interpreter() : Backend.preferred();
        Model model = build(train, init.initializer, backend);
        Network network = model.network();
        checkLabels(network, train, trainName);
        checkLabels(network, test, testName);
        out.println("Data: " + data);
        out.println("Model: " + model.description());
        TrainingConfig.Builder config = TrainingConfig.builder().iterations(count()).optimizer(optimizer())
                .batchSize(batch).l2(l2).printEvery(printEvery).epochCost(epochCost.value);
        if (continueOnNaN) {
            config.continueOnNonFinite();
        }
        configure(config);
        out.printf("Training: %s%n", describeTraining(config.build(), train.examples()));
        out.println(scaling);

        Training.Run run = train(network, train, config);
        out.println("train accuracy: " + Training.pythonFloat(network.accuracy(train)) + " %");
        out.println("test accuracy: " + Training.pythonFloat(network.accuracy(test)) + " %");
        out.println(Training.trainedIn(run, backend));
        String hint = kernelHint(train.features(), MatMul.implementation());
        if (hint != null) {
            console.err().println(hint);
        }

        if (train.features() == 2) {
            Path regions = outDir.resolve(name() + "-decision-regions.png");
            Plots.decisionBoundary(regions, "Decision regions", network, train);
            out.println("Decision regions: " + regions);
        }
        Path curve = outDir.resolve(name() + "-learning-curve.png");
        Plots.learningCurve(curve, "Learning rate = " + Training.pythonFloat(learningRate), run.unit(),
                run.iterations(), run.costs());
        out.println("Learning curve: " + curve);
        return 0;
    }

    /** The classes the labels of --train and --test files must be: 2 (0 or 1) for a sigmoid output. */
    int classes() {
        return 2;
    }

    /** Data a command runs on without files: train, test, one line on what they are, and the scaling line. */
    record Data(Dataset train, Dataset test, String description, String scaling) {
    }

    /** The built-in synthetic cat pictures; {@code deep --output softmax} overrides it. */
    Data builtInData() {
        Dataset train = SyntheticPictures.train().dataset();
        Dataset test = SyntheticPictures.test().dataset();
        return new Data(train, test, String.format("the built-in synthetic pictures (%d×%d RGB; the course's files:"
                + " --train, --test): train %s, test %s", SyntheticPictures.SIDE, SyntheticPictures.SIDE,
                describe(train), describe(test)), "Scaling: x / 255.0" + DataOptions.PICTURES_SCALING);
    }

    /**
     * Refuses labels the network cannot train on, naming the data and the example: 0/1 for a sigmoid
     * output, classes 0…K−1 for a softmax one.
     */
    static void checkLabels(Network network, Dataset data, String name) {
        if (data.y().numRows != network.model().labelRows()) {
            throw new Main.UsageException(name + ": the labels have " + data.y().numRows + " rows, but the model takes "
                    + network.model().labelRows());
        }
        if (network.model().classes() > 0) {
            try {
                network.encodeLabels(data.y());
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException(name + ": " + e.getMessage());
            }
            return;
        }
        double[] y = data.y().data;
        for (int i = 0, n = data.y().getNumElements(); i < n; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new Main.UsageException(name + ": label " + y[i] + " of example " + i % data.examples()
                        + " is not 0 or 1, as a sigmoid output needs (for K classes 0…K−1: deep --output softmax"
                        + " --layers …,K)");
            }
        }
    }

    /** Trains the network (on this machine; {@code deep --spark} on Spark). */
    Training.Run train(Network network, Dataset train, TrainingConfig.Builder config) {
        return Training.fit(console, name(), network, train, config);
    }

    /** Adds the model's own training options (dropout for {@code deep}). */
    void configure(TrainingConfig.Builder config) {
    }

    /** Iterations, or epochs with mini-batches: the same count for {@code fit}. */
    int count() {
        return epochs != null ? epochs : iterations;
    }

    private Optimizer optimizer() {
        return switch (optimizer) {
            case gd -> Optimizer.gd(learningRate);
            case momentum -> Optimizer.momentum(learningRate, beta);
            case adam -> Optimizer.adam(learningRate);
        };
    }

    private String describeTraining(TrainingConfig config, int examples) {
        StringBuilder s = new StringBuilder(switch (optimizer) {
            case gd -> "gradient descent";
            case momentum -> "momentum (β = " + Training.pythonFloat(beta) + ")";
            case adam -> "Adam";
        });
        s.append(", learning rate ").append(Training.pythonFloat(learningRate));
        if (config.usesMiniBatches(examples)) {
            s.append(", ").append(count()).append(" epochs of mini-batches of ").append(batch);
            if (config.epochCost() == TrainingConfig.EpochCost.LAST_BATCH) {
                s.append(" (printing each epoch's last mini-batch cost)");
            }
        } else {
            s.append(", ").append(count()).append(" iterations on all ").append(examples).append(" examples");
        }
        if (l2 > 0) {
            s.append(", L2 λ = ").append(Training.pythonFloat(l2));
        }
        if (config.usesDropout()) {
            s.append(", dropout keep_prob = ").append(Training.pythonFloat(config.keepProb()));
            if (config.dropoutSeed() != 1 || config.dropoutReseed()) {
                s.append(" (masks seeded with ").append(config.dropoutSeed())
                        .append(config.dropoutReseed() ? " before every step)" : ")");
            }
        }
        return s.append(", ").append(backend.name()).append(" backend").toString();
    }

    private static String describe(Dataset data) {
        int positives = 0;
        for (int i = 0; i < data.examples(); i++) {
            positives += data.y().get(0, i) > 0.5 ? 1 : 0;
        }
        String positive = data.classes().size() == 2 ? data.classes().get(1) : "y = 1";
        return data.examples() + " pictures of " + data.features() + " features (" + positives + " " + positive + ")";
    }

    void check(boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    /**
     * A line for stderr when pictures this large were multiplied by the plain-Java kernel (the JVM was
     * started without the Vector API module), else null.
     */
    static String kernelHint(int features, String kernel) {
        if (features < 1000 || !kernel.startsWith("scalar")) {
            return null;
        }
        return "hint: the matrix products ran on the plain-Java kernel; run the launcher"
                + " (examples/target/gradgraph/bin/gradgraph) or start Java with --add-modules jdk.incubator.vector"
                + " to use the Vector API, about 3x faster on products this size";
    }
}
