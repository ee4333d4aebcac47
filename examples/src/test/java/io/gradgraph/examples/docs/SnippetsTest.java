package io.gradgraph.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gradgraph.core.Results;
import io.gradgraph.nn.GradientCheck;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.data.PlanarDataset;
import io.gradgraph.nn.ShallowNetwork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Java in README.md and docs/*.md from rotting: every {@code ```java} block must appear
 * verbatim (up to indentation) in {@link Snippets} or another file of this package (docs/testing.md's
 * suite is made of whole test classes, which run as the examples' tests), which the build compiles,
 * and every snippet there must still be in the markdown. The snippets that need no course files and run in seconds
 * are run here, and what they print is checked against what the text says they print.
 *
 * <p>Compiled but not run: {@code readmeCats}, {@code gettingStartedCats} and {@code nnCats} (they
 * read the course's HDF5 files, which are not in the repository, and train for minutes) and
 * {@code nnRegularization} (70,000 training steps), and {@code sparkTraining} (it needs a Spark cluster).
 */
class SnippetsTest {
    private static final String BEGIN = "// BEGIN SNIPPET ";
    private static final String END = "// END SNIPPET";

    /** One fenced block: the file it is in (relative to the repository), its line, its text. */
    record Snippet(String file, int line, List<String> lines) {
        @Override
        public String toString() {
            return file + ":" + line + "\n" + String.join("\n", lines);
        }
    }

    @Test
    void everySnippetInTheDocsIsCompiledHereAndNothingElse() throws IOException {
        Path root = repositoryRoot();
        List<Snippet> documented = new ArrayList<>();
        List<Path> markdown = new ArrayList<>();
        markdown.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(markdown::add);
        }
        for (Path file : markdown) {
            documented.addAll(javaBlocks(root.relativize(file).toString().replace('\\', '/'), Files.readAllLines(file)));
        }
        // Snippets.java, and whole classes such as docs/testing.md's suite, each in a file of its own
        List<Snippet> compiled = new ArrayList<>();
        try (Stream<Path> sources = Files.list(root.resolve("examples/src/test/java/io/gradgraph/examples/docs"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java") && !p.endsWith("SnippetsTest.java"))
                    .sorted().toList()) {
                compiled.addAll(regions(Files.readAllLines(source)));
            }
        }

        List<String> problems = new ArrayList<>();
        for (Snippet s : documented) {
            if (compiled.stream().noneMatch(c -> c.file().equals(s.file()) && c.lines().equals(s.lines()))) {
                problems.add("not in Snippets.java or another file of examples/src/test/java/io/gradgraph/examples/docs"
                        + " (copy it there, between BEGIN SNIPPET " + s.file() + " and END SNIPPET): " + s);
            }
        }
        for (Snippet c : compiled) {
            if (documented.stream().noneMatch(s -> s.file().equals(c.file()) && s.lines().equals(c.lines()))) {
                problems.add("in examples/src/test/java/io/gradgraph/examples/docs (line " + c.line() + ") but no longer a ```java block of " + c.file()
                        + ":\n" + String.join("\n", c.lines()));
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " snippet(s) out of sync:\n\n" + String.join("\n\n", problems));
        }
        assertTrue(documented.size() >= 15, "found only " + documented.size() + " snippets: " + documented);
    }

    @Test
    void tenLinesRunAndPrintTheSixEquations() throws Exception {
        String printed = capture(() -> {
            Results r = Snippets.readmeTenLines();
            assertTrue(Double.isFinite(r.get("J").get(0, 0)));
            return null;
        });
        assertTrue(printed.contains("dZ1 = W2ᵀ·dZ2 ∗ (1 − A1²)\ndW1 = (1/m) dZ1·Xᵀ\n"), printed);
    }

    @Test
    void theTrainingSnippetsPrintWhatTheirCommentsSay() throws Exception {
        String[] planar = new String[1];
        ShallowNetwork[] net = new ShallowNetwork[1];
        String readme = capture(() -> {
            GradientCheck.Report report = Snippets.readmePlanar();
            assertTrue(report.passed(), report.toString());
            assertTrue(report.difference() < 2e-7, report.toString());
            return null;
        });
        assertTrue(readme.startsWith("Cost after iteration 0: 0.693048\n"), readme);
        assertTrue(readme.endsWith("Accuracy: 90%\n"), readme);

        planar[0] = capture(() -> net[0] = Snippets.nnModel());
        assertEquals(readme, planar[0]);

        String check = capture(() -> Snippets.gettingStartedGradientCheck(net[0]));
        assertTrue(check.matches("true \\d\\.\\d+E-(9|10)\n"), check);

        Path npz = Path.of("flower.npz");
        try {
            String codegen = capture(() -> Snippets.gettingStartedCodegen(net[0]));
            assertTrue(Files.isRegularFile(npz));
            assertTrue(codegen.startsWith("dZ2 = A2 − Y\n"), codegen);
            assertTrue(codegen.contains("public final class FlowerStep {"), codegen);
        } finally {
            Files.deleteIfExists(npz);
        }
    }

    @Test
    void optimizersSnippetTrains() throws Exception {
        String printed = capture(() -> {
            assertTrue(Snippets.gettingStartedOptimizers().accuracy(io.gradgraph.nn.data.PlanarDataset.load()) > 80);
            return null;
        });
        assertEquals("", printed);
    }

    @Test
    void pipelinedSnippetStepsAsFitDoes() {
        // the first step's cost, from w = 0 and b = 0, is the plain loop's first cost (≈ ln 2) to the bit
        io.gradgraph.nn.data.Dataset flower = io.gradgraph.nn.data.PlanarDataset.load();
        double plain = io.gradgraph.nn.LogisticRegression.create(flower.features()).fit(flower,
                io.gradgraph.nn.TrainingConfig.builder().iterations(1).learningRate(0.005).pipelined(false).build())
                .finalCost();
        assertEquals(Double.doubleToLongBits(plain), Double.doubleToLongBits(Snippets.nnPipelined()));
        assertEquals(Math.log(2), plain, 1e-14);
    }

    @Test
    void gradientCheckSnippetsPass() throws Exception {
        String printed = capture(() -> {
            for (GradientCheck.Report report : Snippets.nnGradientCheck()) {
                assertTrue(report.passed(), report.toString());
            }
            return null;
        });
        assertTrue(printed.startsWith("Gradient check passed: difference = "), printed);
    }

    @Test
    void equationSnippets() throws Exception {
        String deep = capture(() -> {
            Snippets.nnEquations();
            return null;
        });
        assertTrue(deep.contains("dZ2 = W3ᵀ·dZ3 ∗ [Z2 > 0]\n"), deep);
        String autodiff = capture(() -> {
            assertTrue(Double.isFinite(Snippets.autodiffIntro().get("dW1").get(0, 0)));
            return null;
        });
        assertTrue(autodiff.startsWith("dZ2 = A2 − Y\n"), autodiff);
    }

    @Test
    void userModelSnippetTrains() throws Exception {
        String printed = capture(() -> {
            Network net = Snippets.nnUserModel();
            assertTrue(net.cost(PlanarDataset.load().x(), PlanarDataset.load().y()) < 0.6);
            return null;
        });
        double accuracy = Double.parseDouble(printed.strip());
        assertTrue(accuracy > 80, printed);
    }

    @Test
    void multiClassSnippetPrintsItsAccuracyAndTheSoftmaxGradient() throws Exception {
        String printed = capture(() -> {
            Snippets.nnMultiClass();
            return null;
        });
        assertTrue(printed.startsWith("99.33333333333333 %\ndZ2 = A2 − Y\n"), printed);
    }

    @Test
    void opsSnippets() {
        assertEquals("4×m", Snippets.opsShapes().shape().toString());
        double[] values = Snippets.opsRunningAGraph();
        assertTrue(values[0] > 0 && Double.isFinite(values[1]) && Double.isFinite(values[2]));
    }

    @Test
    void aCustomOpPrintsDifferentiatesAndCompiles() {
        String[] out = Snippets.opsCustomOp();
        assertEquals("J = (1/m) Σ log(1 + exp(W·X))", out[0]);
        assertEquals("dW = (1/m) σ(W·X)·Xᵀ", out[1]);
        assertEquals(out[3], out[2], "compiled and interpreted costs are the same");
    }

    @Test
    void aSoftmaxClassifierPrintsDzAsAMinusYAndTrainsThroughGeneratedCode() {
        Object[] out = Snippets.opsSoftmaxClassifier();
        String backward = (String) out[0];
        assertTrue(backward.startsWith("dZ2 = A2 − Y\n"), backward);
        assertTrue(backward.contains("dW2 = (1/m) dZ2·A1ᵀ"), backward);
        double first = (double) out[1];
        double last = (double) out[2];
        assertEquals(Math.log(3), first, 0.05, "about log 3 with small weights");
        assertTrue(last < 0.2 * first, first + " → " + last);
        assertTrue((double) out[3] > 0.95, "training accuracy " + out[3]);
    }

    @Test
    void codegenSnippets() throws Exception {
        double[] runTime = Snippets.codegenRunTime();
        assertEquals(runTime[1], runTime[0], 0.0, "compiled and interpreted costs are bit-identical");
        assertEquals(1, runTime[2]);
        double[] models = Snippets.codegenModels();
        assertTrue(models[0] >= 90 && models[1] < 0.69, java.util.Arrays.toString(models));
        assertTrue(Snippets.codegenGeneratedClass()[0] > 0);
    }

    @Test
    void theDefinitionInCodegenMdIsTheOneTheBuildUses() throws IOException {
        Path root = repositoryRoot();
        List<String> definition = Files.readAllLines(
                root.resolve("examples/src/main/graphs/io/gradgraph/examples/ShallowNetworkDefinition.java"));
        List<Snippet> documented = javaBlocks("docs/codegen.md", Files.readAllLines(root.resolve("docs/codegen.md")));
        Snippet shown = documented.stream().filter(s -> s.lines().get(0).startsWith("public final class"))
                .findFirst().orElseThrow();
        int start = definition.indexOf(shown.lines().get(0));
        assertTrue(start >= 0, "the class declaration is in the definition file");
        assertEquals(shown.lines(), dedent(definition.subList(start, start + shown.lines().size())));
    }

    /** Runs {@code body} and returns what it printed on System.out. */
    private static String capture(Callable<?> body) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.call();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    /** The {@code ```java} blocks of a markdown file. */
    static List<Snippet> javaBlocks(String file, List<String> lines) {
        List<Snippet> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i).strip();
            if (fence.startsWith("```")) {
                int start = i;
                List<String> body = new ArrayList<>();
                for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                    body.add(lines.get(i));
                }
                if (fence.equals("```java")) {
                    blocks.add(new Snippet(file, start + 1, dedent(body)));
                }
            }
        }
        return blocks;
    }

    /** The regions between BEGIN SNIPPET and END SNIPPET, once per file a region names. */
    static List<Snippet> regions(List<String> source) {
        List<Snippet> regions = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            String line = source.get(i).strip();
            if (line.startsWith(BEGIN)) {
                int start = i;
                List<String> body = new ArrayList<>();
                for (i++; !source.get(i).strip().equals(END); i++) {
                    body.add(source.get(i));
                }
                for (String file : line.substring(BEGIN.length()).strip().split("\\s+")) {
                    regions.add(new Snippet(file, start + 1, dedent(body)));
                }
            }
        }
        return regions;
    }

    /** Removes the indentation all non-blank lines share, and trailing blanks. */
    static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList();
    }

    /** The repository: the nearest directory up from here with README.md, docs/ and examples/. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))
                    && Files.isDirectory(dir.resolve("examples"))) {
                return dir;
            }
        }
        throw new UncheckedIOException(new IOException("no directory with README.md, docs/ and examples/ above "
                + Path.of("").toAbsolutePath()));
    }
}
