package io.gradgraph.examples;

import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * Where a command writes: its results to {@code out}, error lines to {@code err}; {@code terminal}
 * says whether {@code out} is an interactive terminal, where long runs draw a progress bar instead of
 * only printing plain lines, and {@code columns} how wide the bar may be (0: ask the terminal).
 */
record Console(PrintStream out, PrintStream err, boolean terminal, int columns) {

    /** The process's own streams; on a terminal the progress bar asks it for its width. */
    static Console system() {
        return new Console(System.out, System.err, stdoutIsTerminal(), 0);
    }

    /**
     * True when standard output is an interactive terminal. Before Java 22 {@link System#console()}
     * is null unless stdin and stdout are both terminals; from Java 22 on it is never null and
     * {@code Console.isTerminal()} says it.
     */
    static boolean stdoutIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;    // Java 17 to 21: a console exists only on a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
