package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanarCommandTest {
    @TempDir
    Path dir;

    /** The course's nn_model trace; the lines through 7000 agree to the printed digit (see docs/nn.md). */
    private static final List<String> COURSE_TRACE = List.of(
            "Cost after iteration 0: 0.693048",
            "Cost after iteration 1000: 0.288083",
            "Cost after iteration 2000: 0.254385",
            "Cost after iteration 3000: 0.233864",
            "Cost after iteration 4000: 0.226792",
            "Cost after iteration 5000: 0.222644",
            "Cost after iteration 6000: 0.219731",
            "Cost after iteration 7000: 0.217504");

    @Test
    void defaultsReproduceTheCourse() {
        Cli.Result r = Cli.run("planar", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.lines();
        assertEquals("Planar data: 400 points in the plane, half red (y = 0), half blue (y = 1), np.random seed 1",
                lines.get(0));
        assertEquals("Network: 2 inputs → 4 tanh units → 1 sigmoid output; W = randn·0.01 (seed 2), b = 0", lines.get(1));
        assertEquals("Training: gradient descent, 10000 iterations, learning rate 1.2, compiled backend", lines.get(2));
        assertTrue(r.out().contains("""
                Backward pass (derived by autodiff, simplified):
                  dZ2 = A2 − Y
                  dW2 = (1/m) dZ2·A1ᵀ
                  db2 = (1/m) Σ_cols dZ2
                  dZ1 = W2ᵀ·dZ2 ∗ (1 − A1²)
                  dW1 = (1/m) dZ1·Xᵀ
                  db1 = (1/m) Σ_cols dZ1
                """), r.out());
        int first = lines.indexOf(COURSE_TRACE.get(0));
        assertEquals(COURSE_TRACE, lines.subList(first, first + COURSE_TRACE.size()));
        assertTrue(lines.get(first + 8).startsWith("Cost after iteration 8000: 0.219"), lines.get(first + 8));
        assertTrue(lines.get(first + 9).startsWith("Cost after iteration 9000: 0.218"), lines.get(first + 9));
        assertEquals("Accuracy: 90%", lines.get(first + 10));
        assertTrue(lines.get(first + 11).matches("Trained in \\d+\\.\\d s"), lines.get(first + 11));
        Path boundary = dir.resolve("planar-decision-boundary.png");
        Path curve = dir.resolve("planar-learning-curve.png");
        assertEquals("Decision boundary: " + boundary, lines.get(first + 12));
        assertEquals("Learning curve:    " + curve, lines.get(first + 13));
        assertEquals(first + 14, lines.size());

        // the heat map shows both classes' regions, and the flower's petals cross the window
        BufferedImage image = Cli.png(boundary);
        int reddish = 0;
        int bluish = 0;
        for (int x = 0; x < image.getWidth(); x += 4) {
            for (int y = 0; y < image.getHeight(); y += 4) {
                Color c = new Color(image.getRGB(x, y));
                reddish += c.getRed() > c.getBlue() + 40 ? 1 : 0;
                bluish += c.getBlue() > c.getRed() + 40 ? 1 : 0;
            }
        }
        int samples = (image.getWidth() / 4) * (image.getHeight() / 4);
        assertTrue(reddish > samples / 5 && bluish > samples / 5, "red " + reddish + ", blue " + bluish + " of " + samples);
        Cli.png(curve);
    }

    @Test
    void optionsChangeTheRun() {
        Cli.Result r = Cli.run("planar", "--hidden", "5", "--iterations", "1001", "--lr", "0.5", "--print-every", "500",
                "--init-seed", "3", "--out", dir.resolve("sub").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 inputs → 5 tanh units"), r.out());
        assertTrue(r.out().contains("W = randn·0.01 (seed 3)"), r.out());
        assertTrue(r.out().contains("1001 iterations, learning rate 0.5"), r.out());
        assertEquals(List.of(0, 500, 1000), r.lines().stream().filter(l -> l.startsWith("Cost after iteration "))
                .map(l -> Integer.parseInt(l.substring(21, l.indexOf(':')))).toList());
        Cli.png(dir.resolve("sub/planar-decision-boundary.png"));
        Cli.png(dir.resolve("sub/planar-learning-curve.png"));
    }

    @Test
    void javaRandomNumbersGiveOtherDataFromTheSameRecipe() {
        Cli.Result numpy = Cli.run("planar", "--iterations", "1", "--out", dir.toString());
        Cli.Result java = Cli.run("planar", "--iterations", "1", "--rng", "java", "--out", dir.toString());
        assertEquals(0, java.code(), java.err());
        assertTrue(java.out().startsWith("Planar data: 400 points in the plane, half red (y = 0), half blue (y = 1),"
                + " java.util.Random seed 1"), java.out());
        String numpyCost = numpy.lines().stream().filter(l -> l.startsWith("Cost after iteration 0")).findFirst().orElseThrow();
        String javaCost = java.lines().stream().filter(l -> l.startsWith("Cost after iteration 0")).findFirst().orElseThrow();
        assertNotEquals(numpyCost, javaCost);
        assertTrue(javaCost.startsWith("Cost after iteration 0: 0.693"), javaCost);
        assertEquals(java.withoutTimings(), Cli.run("planar", "--iterations", "1", "--rng", "JAVA", "--out",
                dir.toString()).withoutTimings());
    }

    @Test
    void theFlowerRecipeWithJavaRandomIsAFlower() {
        var flower = PlanarCommand.javaFlower(1);
        assertEquals(2, flower.features());
        assertEquals(400, flower.examples());
        for (int i = 0; i < 400; i++) {
            double x = flower.x().get(0, i);
            double y = flower.x().get(1, i);
            assertTrue(Math.hypot(x, y) < 5, "point " + i + " lies within the petals' radius");
            assertEquals(i < 200 ? 0 : 1, flower.y().get(0, i));
        }
    }

    @Test
    void theInterpreterGivesTheSameTraceAsTheDefaultGeneratedCode() {
        Cli.Result compiled = Cli.run("planar", "--iterations", "300", "--print-every", "100", "--out", dir.toString());
        Cli.Result interpreted = Cli.run("planar", "--iterations", "300", "--print-every", "100", "--interpreter",
                "--out", dir.toString());
        assertEquals(0, interpreted.code(), interpreted.err());
        assertTrue(compiled.out().contains("compiled backend"), compiled.out());
        assertTrue(interpreted.out().contains("interpreter backend"), interpreted.out());
        List<String> costs = interpreted.lines().stream().filter(l -> l.startsWith("Cost")).toList();
        assertEquals(3, costs.size());
        assertEquals(costs, compiled.lines().stream().filter(l -> l.startsWith("Cost")).toList());
        // the time says how much of it went into generating and compiling the Java, when that was noticeable
        String trained = compiled.lines().stream().filter(l -> l.startsWith("Trained in")).findFirst().orElseThrow();
        var m = java.util.regex.Pattern.compile("Trained in (\\d+\\.\\d) s( \\((\\d+\\.\\d) s of it before the first"
                + " cost: generating and compiling the step's Java, cached for the next run\\))?").matcher(trained);
        assertTrue(m.matches(), trained);
        if (m.group(3) != null) {
            assertTrue(Double.parseDouble(m.group(3)) <= Double.parseDouble(m.group(1)), trained);
        }
    }

    /** Checked before training, not after it: one line, exit code 2, nothing trained. */
    @Test
    void anOutputDirectoryThatIsAFileIsRefusedBeforeTraining() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("taken"), "not a directory");
        Cli.Result r = Cli.run("planar", "--iterations", "1", "--out", file.toString());
        assertEquals(2, r.code());
        assertEquals("planar: --out " + file + " is an existing file, not a directory\n", r.err());
        assertEquals("", r.out());
    }
}
