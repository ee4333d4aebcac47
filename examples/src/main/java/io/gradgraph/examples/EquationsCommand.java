package io.gradgraph.examples;

import io.gradgraph.nn.Network;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code equations}: a network's forward pass and the backward pass autodiff derives — the course's
 * shallow network by default, or any {@code --model} with its {@code --layers} and {@code --output}.
 */
@Command(name = "equations", sortOptions = false, sortSynopsis = false,
        description = {"A network's forward pass and the backward pass autodiff derives.",
            "The course's shallow network (n_x = 2, n_h = 4) unless --model is given."})
final class EquationsCommand implements Callable<Integer> {
    private final Console console;

    @Option(names = "--model", paramLabel = "NAME",
            description = "logistic, shallow or deep (default: the course's shallow network, 2,4,1).")
    Models.Kind model;

    @Option(names = "--layers", paramLabel = "N", split = ",", splitSynopsisLabel = ",",
            description = "Layer sizes (default: 4,1 for logistic, 2,4,1 for shallow, 4,5,3,1 for deep).")
    int[] layers;

    @Option(names = "--output", paramLabel = "LAYER",
            description = "deep's output layer: sigmoid or softmax (K classes, the last of --layers)"
                    + " (default: ${DEFAULT-VALUE}).")
    DeepCommand.OutputName output = DeepCommand.OutputName.sigmoid;

    @Option(names = "--latex", description = "Print LaTeX instead of plain text.")
    boolean latex;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    EquationsCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (model == null && layers == null && output == DeepCommand.OutputName.sigmoid) {
            console.out().println("The course's shallow network (n_x = 2, n_h = 4):");
            console.out().print(Equations.describe(Equations.shallowNetwork(2, 4), latex));
            return 0;
        }
        Models.Kind kind = model != null ? model : output == DeepCommand.OutputName.softmax ? Models.Kind.deep
                : Models.Kind.shallow;
        int[] dims = layers != null ? layers : Models.defaultLayers(kind);
        if (layers == null && output == DeepCommand.OutputName.softmax) {
            dims = DeepCommand.SPIRAL_LAYERS.clone();
        }
        Network network = Models.build(kind, dims, output.layer);
        console.out().printf("The %s network [%s]%s:%n", kind, Models.sizes(dims),
                output == DeepCommand.OutputName.softmax ? " with a softmax output" : "");
        console.out().print(Equations.describe(network.gradients(), latex));
        return 0;
    }
}
