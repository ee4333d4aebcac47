package io.gradgraph.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code numpy_workloads.py --serve}, run beside the JVM so that the two sides' timing slices can
 * alternate: while one side is timed, the other waits on a pipe (idle), and both see the same
 * machine over the same seconds. Every record the script prints is copied to {@code out}.
 */
final class NumpyServer implements AutoCloseable {
    private final Process process;
    private final Writer commands;
    private final BufferedReader replies;
    private final PrintStream out;

    /**
     * Starts {@code python script --serve} without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set on some
     * machines to work around old OpenBLAS bugs, they slow it) and copies its info record.
     */
    NumpyServer(String python, String script, PrintStream out) {
        ProcessBuilder builder = new ProcessBuilder(List.of(python, script, "--serve"))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().remove("OPENBLAS_CORETYPE");
        builder.environment().remove("OPENBLAS_L2_SIZE");
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + python + " " + script + " --serve", e);
        }
        commands = process.outputWriter(StandardCharsets.UTF_8);
        replies = process.inputReader(StandardCharsets.UTF_8);
        this.out = out;
        copyUntil("numpy-info");
    }

    /** Creates the workload on the NumPy side and takes its check steps (prints numpy-check). */
    void check(String workload) {
        send("check " + workload);
    }

    void warmUp(String workload, double seconds) {
        send(String.format(Locale.ROOT, "warmup %s %.3f", workload, seconds));
    }

    /** Times NumPy steps for about {@code seconds}, pooled with the workload's earlier slices. */
    void time(String workload, double seconds) {
        send(String.format(Locale.ROOT, "time %s %.3f", workload, seconds));
    }

    /** Prints the numpy record (median over every slice timed so far). */
    void report(String workload) {
        send("report " + workload);
    }

    private void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("numpy_workloads.py --serve stopped (command '" + command + "')", e);
        }
        copyUntil("done");
    }

    /** Copies reply lines to {@code out} until one starts with {@code last} (copied too unless "done"). */
    private void copyUntil(String last) {
        try {
            for (String line; (line = replies.readLine()) != null; ) {
                if (!line.equals("done")) {
                    out.println(line);
                }
                if (line.startsWith(last)) {
                    out.flush();
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("numpy_workloads.py --serve ended early (exit status "
                + waitForExit() + "); its error output is above");
    }

    private int waitForExit() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            commands.close();
        } catch (IOException ignored) {
            // the process is gone already
        }
        waitForExit();
    }
}
