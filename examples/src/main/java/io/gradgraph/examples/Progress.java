package io.gradgraph.examples;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A training run's progress. On a terminal: a progress bar (me.tongfei:progressbar) on the last
 * line, with the course's cost lines printed above it. When the output is piped or redirected:
 * only the plain cost lines, which a log or a test can read.
 *
 * <pre>{@code
 * try (Progress progress = Progress.start(console, "planar", 10_000)) {
 *     config.printTo(progress.lines()).callback(progress::update);
 *     ...
 * }
 * }</pre>
 */
final class Progress implements AutoCloseable {
    private static final String CLEAR_LINE = "\r\u001b[K";

    private final PrintStream lines;
    private final ProgressBar bar;

    private Progress(PrintStream lines, ProgressBar bar) {
        this.lines = lines;
        this.bar = bar;
    }

    /** Starts reporting {@code total} iterations (or epochs) of {@code task}. */
    static Progress start(Console console, String task, long total) {
        if (!console.terminal()) {
            return new Progress(console.out(), null);
        }
        PrintStream out = console.out();
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(100)
                .setConsumer(new ClosesOnce(console.columns() > 0
                        ? new ConsoleProgressBarConsumer(out, console.columns() - 1)
                        : new ConsoleProgressBarConsumer(out)))
                .build();
        return new Progress(new PrintStream(new AboveTheBar(out), true, StandardCharsets.UTF_8), bar);
    }

    /** Where the cost lines go: straight to the output, or above the bar on a terminal. */
    PrintStream lines() {
        return lines;
    }

    /** Iteration (epoch) {@code iteration}, counted from 0, is done and had this cost. */
    void update(int iteration, double cost) {
        if (bar != null) {
            bar.stepTo(iteration + 1L);
            bar.setExtraMessage(String.format(Locale.ROOT, " cost %.6f", cost));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            lines.close();
            bar.close();
        }
    }

    /**
     * Draws nothing after the first close. progressbar 0.10 renders and closes its consumer once more
     * when a scheduled refresh is running while {@code ProgressBar.close()} is called, which would
     * print the finished bar twice.
     */
    private static final class ClosesOnce implements ProgressBarConsumer {
        private final ProgressBarConsumer consumer;
        private boolean closed;

        ClosesOnce(ProgressBarConsumer consumer) {
            this.consumer = consumer;
        }

        @Override
        public int getMaxRenderedLength() {
            return consumer.getMaxRenderedLength();
        }

        @Override
        public synchronized void accept(String rendered) {
            if (!closed) {
                consumer.accept(rendered);
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                consumer.close();
            }
        }
    }

    /**
     * Writes each complete line as one write that first clears the bar's line, so a line never
     * lands in the middle of the bar (the bar is redrawn below it on its next tick; both write
     * through the same synchronized PrintStream).
     */
    private static final class AboveTheBar extends OutputStream {
        private final PrintStream out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        AboveTheBar(PrintStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                byte[] clear = CLEAR_LINE.getBytes(StandardCharsets.US_ASCII);
                byte[] text = line.toByteArray();
                byte[] all = new byte[clear.length + text.length];
                System.arraycopy(clear, 0, all, 0, clear.length);
                System.arraycopy(text, 0, all, clear.length, text.length);
                out.write(all, 0, all.length);
                out.flush();
                line.reset();
            }
        }

        @Override
        public void flush() {
            out.flush();
        }

        /** Ends an unfinished line, if any. */
        @Override
        public synchronized void close() {
            if (line.size() > 0) {
                write('\n');
            }
        }
    }
}
