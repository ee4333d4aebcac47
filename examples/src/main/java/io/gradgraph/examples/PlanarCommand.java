package io.gradgraph.examples;

import io.gradgraph.core.Backend;
import io.gradgraph.nn.NumpyRandom;
import io.gradgraph.nn.ShallowNetwork;
import io.gradgraph.nn.TrainingConfig;
import io.gradgraph.nn.data.Dataset;
import io.gradgraph.nn.data.PlanarDataset;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code planar}: the course's "Planar data classification with one hidden layer" — the flower data
 * set, {@code nn_model} with n_h hidden tanh units trained by gradient descent, the accuracy, and the
 * decision-boundary and learning-curve plots. The defaults reproduce the course's run.
 */
@Command(name = "planar", sortOptions = false, sortSynopsis = false,
        description = {"The course's flower data and one-hidden-layer network, with plots.",
            "Prints the backprop equations autodiff derives, the cost every 1000 iterations and the",
            "accuracy, and writes the decision boundary and the learning curve as PNG files. The",
            "defaults reproduce the course's nn_model(X, Y, n_h = 4, num_iterations = 10000) at",
            "learning rate 1.2 with numpy's random numbers."})
final class PlanarCommand implements Callable<Integer> {
    /** The random generators {@code --rng} chooses from (lower case: they are typed on the command line). */
    enum Rng {
        /** numpy's legacy generator, bit for bit: the course's exact numbers. */
        numpy,
        /** {@code java.util.Random}'s Gaussians: other data and weights from the same recipe. */
        java
    }

    private final Console console;

    @Spec
    CommandSpec spec;

    @Option(names = "--hidden", paramLabel = "N", description = "Hidden units n_h (default: ${DEFAULT-VALUE}).")
    int hidden = 4;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Gradient-descent steps (default: ${DEFAULT-VALUE}).")
    int iterations = 10_000;

    @Option(names = "--lr", paramLabel = "ALPHA", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = 1.2;

    @Option(names = "--print-every", paramLabel = "N",
            description = "Print the cost every N iterations, 0 for never (default: ${DEFAULT-VALUE}).")
    int printEvery = 1000;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the data's noise, np.random.seed(N) in load_planar_dataset"
                    + " (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--init-seed", paramLabel = "N",
            description = "Seed of the initial weights, as initialize_parameters' np.random.seed"
                    + " (default: ${DEFAULT-VALUE}).")
    long initSeed = 2;

    @Option(names = "--rng", paramLabel = "NAME",
            description = "Random generator: numpy (bit-compatible with the course) or java (java.util.Random)"
                    + " (default: ${DEFAULT-VALUE}).")
    Rng rng = Rng.numpy;

    @Option(names = "--interpreter",
            description = "Run the EJML interpreter instead of generated Java (the default; same numbers).")
    boolean interpreter;

    @Option(names = "--compiled", hidden = true, description = "Generated Java: the default.")
    boolean compiled;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the PNG files go (default: ${DEFAULT-VALUE}).")
    Path outDir = Path.of("gradgraph-out");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    PlanarCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        check(hidden >= 1, "--hidden must be at least 1, but was " + hidden);
        check(iterations >= 1, "--iterations must be at least 1, but was " + iterations);
        check(learningRate > 0 && Double.isFinite(learningRate),
                "--lr must be a positive number, but was " + learningRate);
        check(printEvery >= 0, "--print-every must be 0 or more, but was " + printEvery);
        check(seed >= 0 && seed <= NumpyRandom.MAX_SEED, "--seed must be between 0 and 2^32 - 1, but was " + seed);
        check(initSeed >= 0 && initSeed <= NumpyRandom.MAX_SEED,
                "--init-seed must be between 0 and 2^32 - 1, but was " + initSeed);
        Main.requireOutputDirectory(outDir, "--out");

        PrintStream out = console.out();
        Dataset flower = rng == Rng.numpy ? PlanarDataset.load(new NumpyRandom(seed)) : javaFlower(seed);
        Backend backend = interpreter ? Backend.interpreter() : Backend.preferred();
        ShallowNetwork.Builder builder = ShallowNetwork.builder(2, hidden).seed(initSeed).backend(backend);
        ShallowNetwork network = builder.build();
        if (rng == Rng.java) {
            network.setParameters(javaWeights(network, initSeed));
        }

        out.printf("Planar data: %d points in the plane, half red (y = 0), half blue (y = 1), %s seed %d%n",
                flower.examples(), rng == Rng.numpy ? "np.random" : "java.util.Random", seed);
        out.printf("Network: 2 inputs → %d tanh units → 1 sigmoid output; W = randn·0.01 (seed %d), b = 0%n",
                hidden, initSeed);
        out.printf("Training: gradient descent, %d iterations, learning rate %s, %s backend%n%n",
                iterations, Training.pythonFloat(learningRate), backend.name());
        out.print(Equations.describe(network.gradients(), false));
        out.println();

        TrainingConfig.Builder config = TrainingConfig.builder()
                .iterations(iterations).learningRate(learningRate).printEvery(printEvery);
        Training.Run run = Training.fit(console, "planar", network, flower, config);
        out.printf("Accuracy: %d%%%n", (int) network.accuracy(flower));
        out.println(Training.trainedIn(run, backend));

        Path boundary = outDir.resolve("planar-decision-boundary.png");
        Path curve = outDir.resolve("planar-learning-curve.png");
        Plots.decisionBoundary(boundary, "Decision Boundary for hidden layer size " + hidden, network, flower);
        Plots.learningCurve(curve, "Learning rate = " + Training.pythonFloat(learningRate), "iteration",
                run.iterations(), run.costs());
        out.println("Decision boundary: " + boundary);
        out.println("Learning curve:    " + curve);
        return 0;
    }

    private void check(boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    /** {@code load_planar_dataset} with {@code java.util.Random}'s Gaussians for numpy's. */
    static Dataset javaFlower(long seed) {
        Random random = new Random(seed);
        int perClass = 200;
        DMatrixRMaj x = new DMatrixRMaj(2, 2 * perClass);
        DMatrixRMaj y = new DMatrixRMaj(1, 2 * perClass);
        for (int j = 0; j < 2; j++) {
            double[] t = new double[perClass];
            for (int i = 0; i < perClass; i++) {
                t[i] = j * 3.12 + i * 3.12 / (perClass - 1) + 0.2 * random.nextGaussian();
            }
            for (int i = 0; i < perClass; i++) {
                double r = 4 * Math.sin(4 * t[i]) + 0.2 * random.nextGaussian();
                x.set(0, j * perClass + i, r * Math.sin(t[i]));
                x.set(1, j * perClass + i, r * Math.cos(t[i]));
                y.set(0, j * perClass + i, j);
            }
        }
        return new Dataset(x, y);
    }

    /** {@code initialize_parameters} with {@code java.util.Random}: W = gaussian·0.01 row by row, b = 0. */
    private static Map<String, DMatrixRMaj> javaWeights(ShallowNetwork network, long seed) {
        Random random = new Random(seed);
        Map<String, DMatrixRMaj> parameters = new LinkedHashMap<>(network.parameters());
        for (Map.Entry<String, DMatrixRMaj> e : parameters.entrySet()) {
            if (e.getKey().startsWith("W")) {
                double[] data = e.getValue().data;
                for (int i = 0; i < e.getValue().getNumElements(); i++) {
                    data[i] = random.nextGaussian() * 0.01;
                }
            }
        }
        return parameters;
    }
}
