package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a user runs it, {@code java -jar examples/target/gradgraph-examples.jar}, in a
 * process of its own (run by failsafe after {@code package}): every dependency is inside, the
 * compiled backend is found through its service file, plots render without a display, and errors
 * are one line on stderr — no logging notice or stack trace around them.
 */
class JarIT {
    private static final Path JAR = Path.of("target/gradgraph-examples.jar");

    @TempDir
    Path dir;

    private Cli.Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the jar finished");
        return new Cli.Result(process.exitValue(), Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Cli.Result r = java("--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: gradgraph-examples [-h] COMMAND"), r.out());
        assertTrue(r.out().contains("gradgraph-examples logistic [-h] [--train=FILE]"), r.out());
    }

    @Test
    void planarRunsWithTheCompiledBackendAndWritesThePlots() throws Exception {
        Cli.Result r = java("planar", "--iterations", "1001", "--compiled");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("\nCost after iteration 1000: 0.288083\n"), r.out());
        assertTrue(r.out().contains("compiled backend"), r.out());
        assertTrue(r.out().contains("Decision boundary: gradgraph-out/planar-decision-boundary.png\n"), r.out());
        Cli.png(dir.resolve("gradgraph-out/planar-decision-boundary.png"));
        Cli.png(dir.resolve("gradgraph-out/planar-learning-curve.png"));
    }

    @Test
    void errorsAreOneLineWithExitCode2() throws Exception {
        Path file = dir.resolve("other.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("x", new double[][] {{1, 2}, {3, 4}});
            hdf.putDataset("y", new long[] {0, 1});
        }
        Cli.Result wrongKey = java("logistic", "--train", file.toString(), "--test", file.toString());
        assertEquals(2, wrongKey.code());
        assertEquals("logistic: " + file + ": 'train_set_x': no such dataset; the file has datasets [x, y]\n",
                wrongKey.err().replace(System.lineSeparator(), "\n"));
        assertEquals("", wrongKey.out());

        Cli.Result badOption = java("deep", "--lr", "fast");
        assertEquals(2, badOption.code());
        assertEquals("deep: Invalid value for option '--lr': 'fast' is not a double; run 'deep --help' for the options\n",
                badOption.err().replace(System.lineSeparator(), "\n"));
    }
}
