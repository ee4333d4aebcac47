package io.gradgraph.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code equations}: the shallow network's forward pass and the backward pass autodiff derives. */
@Command(name = "equations", sortOptions = false, sortSynopsis = false,
        description = "The shallow network's forward pass and the backward pass autodiff derives.")
final class EquationsCommand implements Callable<Integer> {
    private final Console console;

    @Option(names = "--latex", description = "Print LaTeX instead of plain text.")
    boolean latex;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    EquationsCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        console.out().println("The course's shallow network (n_x = 2, n_h = 4):");
        console.out().print(Equations.describe(Equations.shallowNetwork(2, 4), latex));
        return 0;
    }
}
