package io.gradgraph.examples;

import io.gradgraph.nn.GradientCheck;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.NumpyRandom;
import io.gradgraph.nn.data.Dataset;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
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
            description = "Layer sizes (default: 4,1 for logistic, 2,4,1 for shallow, 4,5,3,1 for deep; with --train"
                    + " the first size is the file's features).")
    int[] layers;

    @Option(names = "--output", paramLabel = "LAYER",
            description = "deep's output layer: sigmoid or softmax (K classes, the last of --layers)"
                    + " (default: ${DEFAULT-VALUE}).")
    DeepCommand.OutputName output = DeepCommand.OutputName.sigmoid;

    @Option(names = "--train", paramLabel = "FILE",
            description = "Check on the first --examples examples of this .csv or HDF5 file instead of random data.")
    java.nio.file.Path trainFile;

    @Mixin
    DataOptions dataOptions;

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
        dataOptions.check();
        DMatrixRMaj x;
        DMatrixRMaj y;
        String data;
        int[] dims;
        if (trainFile != null) {
            int classes = output == DeepCommand.OutputName.sigmoid ? 2
                    : layers != null ? Math.max(2, layers[layers.length - 1]) : DataOptions.ANY_CLASSES;
            DataOptions.Loaded loaded = dataOptions.read(trainFile, false, classes);
            String scaling = dataOptions.apply(loaded);
            Dataset file = loaded.data();
            int m = Math.min(examples, file.examples());
            check(m >= 1, trainFile + " has no examples");
            x = CommonOps_DDRM.extract(file.x(), 0, file.features(), 0, m);
            y = CommonOps_DDRM.extract(file.y(), 0, file.y().numRows, 0, m);
            dims = layers != null ? layers : Models.defaultLayers(model);
            if (layers == null) {
                dims[0] = file.features();
            }
            data = String.format("the first %d examples of %s; %s", m, loaded.description(),
                    scaling.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + scaling.substring(1));
        } else {
            dims = layers != null ? layers : Models.defaultLayers(model);
            x = null;
            y = null;
            data = null;
        }
        // X, Y and each layer's values and gradients, m columns each
        Main.requireMemory(4L * examples * java.util.Arrays.stream(dims).asLongStream().sum(), "--examples " + examples);
        Network network = Models.build(model, dims, output.layer);
        if (trainFile != null) {
            check(x.numRows == network.inputs(), "--layers starts with " + dims[0] + ", but " + trainFile + " has "
                    + x.numRows + " features");
            PictureCommand.checkLabels(network, new Dataset(x, y), trainFile.toString());
        } else {
            NumpyRandom rng = new NumpyRandom(seed);
            x = rng.randn(network.inputs(), examples);
            int k = network.model().classes();
            y = rng.rand(network.model().labelRows(), examples);
            for (int i = 0; i < y.getNumElements(); i++) {
                y.data[i] = k > 0 ? Math.min(k - 1, Math.floor(y.data[i] * k)) : y.data[i] > 0.5 ? 1 : 0;
            }
            data = String.format("%d random examples (X = randn(%d, %d), seed %d)", examples, network.inputs(),
                    examples, seed);
        }
        GradientCheck check = l2 > 0 ? GradientCheck.builder().l2(l2).build() : GradientCheck.standard();
        console.out().printf("Gradient check of the %s model [%s]%s on %s%s:%n",
                model, Models.sizes(dims), output == DeepCommand.OutputName.softmax ? " with a softmax output" : "",
                data, l2 > 0 ? ", with L2 λ = " + Training.pythonFloat(l2) : "");
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
