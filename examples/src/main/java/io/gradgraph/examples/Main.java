package io.gradgraph.examples;

import io.gradgraph.core.GraphException;
import io.gradgraph.nn.data.DatasetException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * GradGraph's command-line demos: the course's three programs and the tools around them.
 *
 * <pre>
 * java -jar examples/target/gradgraph-examples.jar planar
 * java -jar examples/target/gradgraph-examples.jar logistic --train train_catvnoncat.h5 --test test_catvnoncat.h5
 * java -jar examples/target/gradgraph-examples.jar --help
 * </pre>
 *
 * <p>Every error the user can cause — a bad option, a missing file, a wrong HDF5 key, layer sizes
 * that do not fit the data — is one line on stderr, {@code COMMAND: what is wrong}, and exit code 2.
 */
public final class Main {
    /** The program name the help shows. */
    static final String NAME = "gradgraph-examples";
    /** Exit code of a usage error: bad option, missing or malformed input file. */
    static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        System.exit(run(Arrays.asList(args), Console.system()));
    }

    /** Runs with the given streams, as if output were piped (plain progress lines, no bar). */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, false);
    }

    /**
     * Runs with the given streams; {@code terminal} as if they were a 100-column terminal
     * (a progress bar), or else piped.
     */
    static int run(List<String> args, PrintStream out, PrintStream err, boolean terminal) {
        return run(args, new Console(out, err, terminal, 100));
    }

    /**
     * Runs one command line and returns its exit code: 0 on success, 1 when a command reports a
     * failure (a failed gradient check, an unwritable output file), 2 on a usage error.
     */
    static int run(List<String> args, Console console) {
        PrintStream out = console.out();
        PrintStream err = console.err();
        CommandLine cli = commandLine(console);
        List<String> line = args.isEmpty() ? List.of("equations") : args;
        int code = cli.execute(line.toArray(String[]::new));
        cli.getOut().flush();
        cli.getErr().flush();
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine(Console console) {
        CommandLine cli = new CommandLine(new Root());
        cli.addSubcommand("equations", new EquationsCommand(console));
        cli.addSubcommand("planar", new PlanarCommand(console));
        cli.addSubcommand("logistic", new LogisticCommand(console));
        cli.addSubcommand("deep", new DeepCommand(console));
        cli.addSubcommand("gradcheck", new GradcheckCommand(console));
        cli.addSubcommand("codegen", new CodegenCommand(console));
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        cli.setOut(new PrintWriter(console.out(), true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(console.err(), true, StandardCharsets.UTF_8));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpWidth(100);
        cli.setParameterExceptionHandler(Main::badOption);
        cli.setExecutionStrategy(parsed -> {
            refuseRepeatedLists(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> failure(e, command));
        cli.getHelpSectionMap().put("optionsByCommand", help -> optionsByCommand(cli));
        List<String> sections = new ArrayList<>(cli.getHelpSectionKeys());
        sections.add(sections.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), "optionsByCommand");
        cli.setHelpSectionKeys(sections);
        return cli;
    }

    /** Every subcommand's synopsis, so that the top-level {@code --help} shows every option. */
    private static String optionsByCommand(CommandLine cli) {
        StringBuilder s = new StringBuilder("%nOptions by command (COMMAND --help explains each):%n");
        for (Map.Entry<String, CommandLine> e : cli.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            String synopsis = e.getValue().getHelp().synopsis(0).stripTrailing();
            s.append("  ").append(synopsis.replace("\n", "\n  ").replace("%", "%%")).append("%n");
        }
        return String.format(s.toString());
    }

    /**
     * A list option given twice ({@code --layers 768,5,1 --layers 768,3,1}) would be concatenated
     * by picocli into one list no one meant: refuse it. (Single-valued options given twice are
     * refused by picocli itself.)
     */
    private static void refuseRepeatedLists(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (CommandLine.Model.OptionSpec option : p.matchedOptions()) {
                if (!option.isMultiValue()) {
                    continue;
                }
                List<String> given = new ArrayList<>();
                List<String> args = p.originalArgs();
                for (int i = 0; i < args.size(); i++) {
                    for (String name : option.names()) {
                        if (args.get(i).equals(name) && i + 1 < args.size()) {
                            given.add(args.get(i + 1));
                        } else if (args.get(i).startsWith(name + "=")) {
                            given.add(args.get(i).substring(name.length() + 1));
                        }
                    }
                }
                if (given.size() > 1) {
                    throw new ParameterException(p.commandSpec().commandLine(), option.longestName() + " was given "
                            + given.size() + " times (" + String.join(" and ", given) + "); give it once");
                }
            }
        }
    }

    /**
     * Refuses, before any work, an output directory that cannot be one: an existing file (or a
     * path under one).
     */
    static void requireOutputDirectory(Path dir, String option) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (java.nio.file.Files.exists(p)) {
                if (!java.nio.file.Files.isDirectory(p)) {
                    throw new UsageException(option + " " + dir + (p.equals(dir.toAbsolutePath()) ? "" : " is under "
                            + p + ", which") + " is an existing file, not a directory");
                }
                if (!java.nio.file.Files.isWritable(p)) {
                    throw new UsageException(option + " " + dir + ": " + p + " is not writable");
                }
                return;
            }
        }
    }

    /**
     * Refuses, before allocating, work that needs {@code values} doubles when they cannot fit in
     * the memory this JVM may still use: one clear line instead of an OutOfMemoryError.
     */
    static void requireMemory(long values, String what) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long need = values > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : values * 8;
        if (need > free) {
            throw new UsageException(what + " needs about " + megabytes(need) + " MB for " + values
                    + " numbers, more than the " + megabytes(free) + " MB this JVM can use (java -Xmx...)");
        }
    }

    private static long megabytes(long bytes) {
        return Math.max(0, bytes) >> 20;
    }

    private static int badOption(ParameterException e, String[] args) {
        CommandLine where = e.getCommandLine();
        PrintWriter err = where.getErr();
        if (where.getParent() == null && e instanceof UnmatchedArgumentException u
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            err.println("unknown command '" + u.getUnmatched().get(0) + "'; run with --help for the list");
        } else {
            err.println(prefix(where) + sentence(e.getMessage()) + "; run '" + qualifiedName(where)
                    + " --help' for the options");
        }
        err.flush();
        return USAGE;
    }

    /**
     * Input the user gave that does not work — a file that is not there or not the course's layout
     * ({@link DatasetException}), layer sizes that do not fit the data (nn's
     * {@link IllegalArgumentException}s), no compiled backend ({@link GraphException}) — is one line
     * and exit code 2; an output file that cannot be written is one line and exit code 1. Anything
     * else is a bug, and keeps its stack trace.
     */
    private static int failure(Exception e, CommandLine command) {
        PrintWriter err = command.getErr();
        int code;
        if (e instanceof UsageException || e instanceof IllegalArgumentException || e instanceof GraphException) {
            err.println(prefix(command) + sentence(e.getMessage()));
            code = USAGE;
        } else if (e instanceof UncheckedIOException io) {
            err.println(prefix(command) + sentence(io.getCause().getMessage()));
            code = 1;
        } else {
            e.printStackTrace(err);
            code = 1;
        }
        err.flush();
        return code;
    }

    private static String prefix(CommandLine command) {
        return command.getParent() == null ? "" : command.getCommandName() + ": ";
    }

    private static String qualifiedName(CommandLine command) {
        return command.getParent() == null ? NAME : command.getCommandName();
    }

    /** One line, without the trailing period picocli puts on some messages. */
    private static String sentence(String message) {
        String line = message == null ? "unexpected error" : message.replaceAll("\\s*\\R\\s*", " ").strip();
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }

    /** The top-level command: only lists the subcommands. */
    @Command(name = NAME, sortOptions = false,
            description = {"The course's programs (deeplearning.ai, Neural Networks and Deep Learning) on GradGraph:",
                "symbolic autodiff derives every backward pass; the networks train on it."},
            synopsisSubcommandLabel = "COMMAND",
            footerHeading = "%n",
            footer = {"Without a command, runs 'equations'. Examples:",
                "  java -jar gradgraph-examples.jar planar",
                "  java -jar gradgraph-examples.jar logistic --train train_catvnoncat.h5 --test test_catvnoncat.h5",
                "  java -jar gradgraph-examples.jar deep --optimizer adam --batch 64 --epochs 300 --lr 0.0007",
                "Exit codes: 0 done, 1 a check failed or output could not be written, 2 bad options or input."})
    static final class Root implements Runnable {
        @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @CommandLine.Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "a command is required");
        }
    }

    /** A mistake in the command line found after parsing, e.g. a layer size that does not fit the data. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
