package io.gradgraph.examples;

import io.gradgraph.nn.GradientCheck;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.NumpyRandom;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gradcheck}: the course's {@code gradient_check_n} on a chosen model — the gradients autodiff
 * derived against central differences of the cost, on random data like the course's test case
 * ({@code X = np.random.randn(4, 3)} for the deep network [4, 5, 3, 1]).
 */
@Command(name = "gradcheck", sortOptions = false, sortSynopsis = false,
        description = {"The course's gradient check on a chosen model: difference and verdict.",
            "Compares the gradients autodiff derives with central differences of the cost, as the",
            "course's gradient_check_n (ε = 1e-7, passes when the difference is below 2e-7), on random",
            "data. Exits with 1 when the check fails."})
final class GradcheckCommand implements Callable<Integer> {
    private final Console console;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME",
            description = "logistic, shallow or deep (default: ${DEFAULT-VALUE}).")
    Models.Kind model = Models.Kind.deep;

    @Option(names = "--layers", paramLabel = "N", split = ",", splitSynopsisLabel = ",",
            description = "Layer sizes (default: 4,1 for logistic, 2,4,1 for shallow, 4,5,3,1 for deep).")
    int[] layers;

    @Option(names = "--examples", paramLabel = "M",
            description = "Number of random examples (default: ${DEFAULT-VALUE}).")
    int examples = 3;

    @Option(names = "--l2", paramLabel = "LAMBDA",
            description = "Check the cost with the L2 term λ/(2m)·Σ‖W‖² (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--seed", paramLabel = "N", description = "np.random.seed of the data (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    GradcheckCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        check(examples >= 1, "--examples must be at least 1, but was " + examples);
        check(l2 >= 0 && Double.isFinite(l2), "--l2 must be 0 or more, but was " + l2);
        check(seed >= 0 && seed <= NumpyRandom.MAX_SEED, "--seed must be between 0 and 2^32 - 1, but was " + seed);
        int[] dims = layers != null ? layers : Models.defaultLayers(model);
        // X, Y and each layer's values and gradients, m columns each
        Main.requireMemory(4L * examples * java.util.Arrays.stream(dims).asLongStream().sum(), "--examples " + examples);
        Network network = Models.build(model, dims);

        NumpyRandom rng = new NumpyRandom(seed);
        DMatrixRMaj x = rng.randn(network.inputs(), examples);
        DMatrixRMaj y = rng.rand(network.outputs(), examples);
        for (int i = 0; i < y.getNumElements(); i++) {
            y.data[i] = y.data[i] > 0.5 ? 1 : 0;
        }
        GradientCheck check = l2 > 0 ? GradientCheck.builder().l2(l2).build() : GradientCheck.standard();
        console.out().printf("Gradient check of the %s model [%s] on %d random examples"
                + " (X = randn(%d, %d), seed %d)%s:%n",
                model, Models.sizes(dims), examples, network.inputs(), examples, seed,
                l2 > 0 ? ", with L2 λ = " + Training.pythonFloat(l2) : "");
        GradientCheck.Report report = check.check(network, x, y);
        console.out().println(report);
        return report.passed() ? 0 : 1;
    }

    private void check(boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
