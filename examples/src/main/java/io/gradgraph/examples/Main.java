package io.gradgraph.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** GradGraph's command-line demos. Run with {@code --help} for the list. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        String command = args.isEmpty() ? "equations" : args.get(0);
        List<String> options = args.isEmpty() ? List.of() : args.subList(1, args.size());
        switch (command) {
            case "equations":
                boolean latex = options.contains("--latex");
                List<String> unknown = options.stream().filter(o -> !o.equals("--latex")).toList();
                if (!unknown.isEmpty()) {
                    err.println("equations: unknown option " + unknown.get(0) + " (known: --latex)");
                    return 2;
                }
                out.println("The course's shallow network (n_x = 2, n_h = 4):");
                out.print(Equations.describe(Equations.shallowNetwork(2, 4), latex));
                return 0;
            case "--help":
            case "-h":
            case "help":
                out.println("""
                        usage: java -jar gradgraph-examples.jar COMMAND [OPTIONS]

                        commands:
                          equations [--latex]   print the shallow network's forward pass and the backward pass
                                                autodiff derives for it (the default command)""");
                return 0;
            default:
                err.println("unknown command '" + command + "'; run with --help for the list");
                return 2;
        }
    }
}
