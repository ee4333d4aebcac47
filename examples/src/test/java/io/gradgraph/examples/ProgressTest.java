package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {
    @TempDir
    Path dir;

    @Test
    void pipedOutputHasPlainLinesOnly() {
        Cli.Result r = Cli.run(false, "planar", "--iterations", "2001", "--out", dir.toString());
        assertFalse(r.out().contains("\r"), r.out());
        assertTrue(r.out().contains("\nCost after iteration 2000: 0.254385\nAccuracy: "), r.out());
    }

    @Test
    void aTerminalGetsABarWithTheCostLinesAboveIt() {
        Cli.Result r = Cli.run(true, "planar", "--iterations", "2001", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        // each cost line first clears the bar's line, and the finished bar stays above the results
        assertTrue(r.out().contains("\r\u001b[KCost after iteration 0: 0.693048\n"), r.out());
        assertTrue(r.out().contains("\r\u001b[KCost after iteration 2000: 0.254385\n"), r.out());
        assertTrue(r.out().contains("planar 100% │") || r.out().contains("planar 100% |"), r.out());
        assertTrue(r.out().contains("2001/2001"), r.out());
        String afterBar = r.out().substring(r.out().lastIndexOf('\r'));
        assertTrue(afterBar.matches("(?s)\r[^\n]*2001/2001[^\n]*\nAccuracy: \\d+%\n.*"), afterBar);
    }
}
