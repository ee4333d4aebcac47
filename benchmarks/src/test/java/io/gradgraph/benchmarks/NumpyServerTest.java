package io.gradgraph.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gradgraph.core.Backend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pipe to {@code numpy_workloads.py --serve} that compare.sh's interleaved timing uses: the
 * NumPy side answers each command with its records, and computes the same check cost as the Java
 * workload. Needs python3 with NumPy (skipped without it).
 */
class NumpyServerTest {
    private static final String SCRIPT = Path.of("numpy_workloads.py").toAbsolutePath().toString();

    @Test
    void numpySideComputesTheJavaWorkloadsCheckCostAndPoolsItsSlices() {
        assumeTrue(hasNumpy(), "python3 with NumPy is not installed");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (NumpyServer numpy = new NumpyServer("python3", SCRIPT, out)) {
            numpy.check("shallow");
            numpy.warmUp("shallow", 0.01);
            numpy.time("shallow", 0.02);
            numpy.time("shallow", 0.02);
            numpy.report("shallow");
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        List<String> records = text.lines().map(l -> l.split(" ")[0]).toList();
        assertEquals(List.of("numpy-info", "numpy-check", "numpy"), records, text);

        Workload java = Workloads.create("shallow", Backend.interpreter());
        for (int i = 0; i < Workloads.checkUnits("shallow"); i++) {
            java.run();
        }
        double numpyCost = Double.parseDouble(field(text, "cost"));
        assertEquals(numpyCost, java.cost(), 1e-9 * Math.abs(numpyCost), text);
        // two slices of at least one timed step each (plus the warm-up steps, not counted)
        assertTrue(Integer.parseInt(field(text, "steps")) >= 2, text);
    }

    @Test
    void aServerThatStopsIsReportedNotWaitedFor() {
        assumeTrue(hasNumpy(), "python3 with NumPy is not installed");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (NumpyServer numpy = new NumpyServer("python3", SCRIPT, out)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> numpy.check("no_such_workload"));
            assertTrue(e.getMessage().contains("ended early"), e.getMessage());
        }
    }

    private static String field(String text, String name) {
        Matcher m = Pattern.compile(" " + name + "=(\\S+)").matcher(text);
        assertTrue(m.find(), name + " in " + text);
        return m.group(1);
    }

    private static boolean hasNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
