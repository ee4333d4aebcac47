package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PNG write that fails part way leaves the previous plot as it was. */
class PlotsTest {
    @TempDir
    Path dir;

    @Test
    void aFailedWriteKeepsTheOldPlot() throws IOException {
        Path file = dir.resolve("costs.png");
        Plots.learningCurve(file, "good", "iterations", new int[] {0, 100, 200}, new double[] {0.7, 0.4, 0.2});
        byte[] good = Files.readAllBytes(file);
        assertTrue(good.length > 1000);
        JFreeChart other = new JFreeChart(new XYPlot(null, new NumberAxis(), new NumberAxis(), null));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Plots.write(file, other,
                out -> new FilterOutputStream(out) {
                    private int left = 200;

                    @Override
                    public void write(int b) throws IOException {
                        if (left-- <= 0) {
                            throw new IOException("No space left on device");
                        }
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        for (int i = 0; i < len; i++) {
                            write(b[off + i]);
                        }
                    }
                }));
        assertEquals("cannot write " + file + ": java.io.IOException: No space left on device", e.getCause().getMessage());
        assertArrayEquals(good, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }
}
