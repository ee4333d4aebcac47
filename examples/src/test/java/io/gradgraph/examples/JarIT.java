package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user runs it, {@code examples/target/gradgraph/bin/gradgraph}, and the shaded
 * jar under it, {@code java -jar examples/target/gradgraph-examples.jar}, in processes of their own
 * (run by failsafe after {@code package}): every dependency is inside, the compiled backend is found
 * through its service file and caches its classes, plots render without a display, the launcher
 * enables the Vector API without a warning line, and errors are one line on stderr — no logging
 * notice or stack trace around them.
 */
class JarIT {
    private static final Path JAR = Path.of("target/gradgraph-examples.jar");
    private static final Path LAUNCHER = Path.of("target/gradgraph/bin/gradgraph");
    private static final DatasetCreationOptions UINT8 = DatasetCreationOptions.builder().unsigned().build();

    @TempDir
    Path dir;

    private Cli.Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** The launcher, on this JDK (JAVA_HOME), with a compile cache of the test's own. */
    private Cli.Result launcher(String... args) throws IOException, InterruptedException {
        return launcherWith(null, args);
    }

    /** {@link #launcher} with {@code GRADGRAPH_JAVA_OPTS} set to {@code javaOptions} (null: unset). */
    private Cli.Result launcherWith(String javaOptions, String... args) throws IOException, InterruptedException {
        Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"), "bin/gradgraph is a bash script");
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return run(command, javaOptions);
    }

    private Cli.Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, null);
    }

    private Cli.Result run(List<String> command, String javaOptions) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("GRADGRAPH_CACHE_DIR", dir.resolve("cache").toString());
        builder.environment().remove("GRADGRAPH_JAVA_OPTS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        if (javaOptions != null) {
            builder.environment().put("GRADGRAPH_JAVA_OPTS", javaOptions);
        }
        Process process = builder
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
    void theLauncherRunsTheDemoOnGeneratedCodeWithNothingOnStderr() throws Exception {
        Cli.Result r = launcher("planar", "--iterations", "1001");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err(), "the incubator module's warning is dropped, nothing else is printed");
        assertTrue(r.out().contains("\nCost after iteration 1000: 0.288083\n"), r.out());
        assertTrue(r.out().contains("compiled backend"), r.out());
        Cli.png(dir.resolve("gradgraph-out/planar-decision-boundary.png"));
        try (var entries = Files.walk(dir.resolve("cache"))) {
            assertTrue(entries.anyMatch(p -> p.toString().endsWith(".classes")), "the step's classes are cached");
        }
    }

    /**
     * The first training run makes the class-data archive in the cache directory (whole: no temporary
     * file is left), and the next run maps its classes from it, printing the same and nothing on stderr.
     */
    @Test
    void theLauncherKeepsAClassDataArchiveThatLaterRunsUse() throws Exception {
        Cli.Result first = launcher("planar", "--iterations", "11");
        assertEquals(0, first.code(), first.err());
        assertEquals("", first.err());
        Path cds = dir.resolve("cache").resolve("cds");
        List<Path> archives;
        try (var files = Files.list(cds)) {
            archives = files.toList();
        }
        assertEquals(1, archives.size(), archives.toString());
        assertTrue(archives.get(0).toString().endsWith(".jsa"), archives.toString());
        long made = Files.getLastModifiedTime(archives.get(0)).toMillis();

        Cli.Result second = launcherWith("-Xlog:class+load=info:file=" + dir.resolve("loaded.txt"),
                "planar", "--iterations", "11");
        assertEquals(0, second.code(), second.err());
        assertEquals("", second.err());
        assertEquals(first.out().replaceAll("Trained in .*", ""), second.out().replaceAll("Trained in .*", ""));
        assertTrue(Files.readAllLines(dir.resolve("loaded.txt")).stream()
                        .anyMatch(l -> l.contains("io.gradgraph.core.Graph source: shared objects file")),
                "the second run maps GradGraph's classes from the archive");
        try (var files = Files.list(cds)) {
            assertEquals(archives, files.toList(), "the archive is kept, not made again");
        }
        assertEquals(made, Files.getLastModifiedTime(archives.get(0)).toMillis());
    }

    /** On 12288 features the plain-Java kernel makes the command print a hint; the launcher's Vector API does not. */
    @Test
    void theLauncherEnablesTheVectorApi() throws Exception {
        Path train = pictures("train", 4);
        Path test = pictures("test", 2);
        String[] args = {"logistic", "--train", train.toString(), "--test", test.toString(), "--iterations", "2"};
        Cli.Result plain = java(args);
        assertEquals(0, plain.code(), plain.err());
        assertTrue(plain.err().startsWith("hint: the matrix products ran on the plain-Java kernel"), plain.err());
        Cli.Result launched = launcher(args);
        assertEquals(0, launched.code(), launched.err());
        assertEquals("", launched.err());
        assertEquals(plain.out().lines().filter(l -> l.startsWith("Cost")).toList(),
                launched.out().lines().filter(l -> l.startsWith("Cost")).toList());
    }

    @Test
    void theLauncherPassesErrorsAndExitCodesThrough() throws Exception {
        Cli.Result badOption = launcher("deep", "--lr", "fast");
        assertEquals(2, badOption.code());
        assertEquals("deep: Invalid value for option '--lr': 'fast' is not a double; run 'deep --help' for the options\n",
                badOption.err());
        assertEquals("", badOption.out());
    }

    /** {@code m} random 64×64 RGB pictures in the course's layout. */
    private Path pictures(String prefix, int m) {
        byte[][][][] pixels = new byte[m][64][64][3];
        java.util.Random random = new java.util.Random(m);
        for (byte[][][] picture : pixels) {
            for (byte[][] row : picture) {
                for (byte[] pixel : row) {
                    random.nextBytes(pixel);
                }
            }
        }
        long[] labels = new long[m];
        for (int i = 0; i < m; i++) {
            labels[i] = i % 2;
        }
        Path file = dir.resolve(prefix + "_catvnoncat.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset(prefix + "_set_x", pixels, UINT8);
            hdf.putDataset(prefix + "_set_y", labels);
            hdf.putDataset("list_classes", new String[] {"non-cat", "cat"});
        }
        return file;
    }

    @Test
    void planarRunsFromTheJarAndWritesThePlots() throws Exception {
        Cli.Result r = java("planar", "--iterations", "1001");
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
