package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deep --output softmax, CSV files in --train/--test, --scale, and the course's remaining options. */
class DataAndMultiClassCommandsTest {
    @TempDir
    Path dir;

    private static String line(Cli.Result r, String prefix) {
        return r.lines().stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in\n" + r.out() + r.err()));
    }

    private static double accuracy(Cli.Result r, String which) {
        String l = line(r, which + " accuracy: ");
        return Double.parseDouble(l.substring((which + " accuracy: ").length(), l.length() - 2));
    }

    /** Points in the plane, label 1 inside the circle of radius 1.1 (or classes by quadrant), with a header row. */
    private Path csv(String name, int m, long seed, boolean header, boolean quadrants) throws IOException {
        java.util.Random random = new java.util.Random(seed);
        List<String> rows = new ArrayList<>();
        if (header) {
            rows.add("x1,x2,label");
        }
        for (int i = 0; i < m; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            int label = quadrants ? (a > 0 ? 1 : 0) + (b > 0 ? 2 : 0) : a * a + b * b < 1.2 ? 1 : 0;
            rows.add(String.format(Locale.ROOT, "%.6f,%.6f,%d", a, b, label));
        }
        Path file = dir.resolve(name);
        Files.write(file, rows);
        return file;
    }

    @Test
    void deepSoftmaxRunsOnTheBuiltInSpirals() {
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("deep", "--output", "softmax", "--iterations", "800", "--print-every", "400",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Data: the built-in spirals (3 classes in the plane; files: --train, --test): train 300 points"
                + " (seed 1), test 150 points (seed 2)", r.lines().get(0));
        assertEquals("Model: L = 2 layers [2,100,3], [LINEAR → RELU]×1 → LINEAR → SOFTMAX over 3 classes;"
                + " W = randn / √n_prev (seed 1), b = 0", r.lines().get(1));
        assertEquals("Training: gradient descent, learning rate 1.0, 800 iterations on all 300 examples,"
                + " compiled backend", r.lines().get(2));
        assertEquals("Cost after iteration 0: 1.039143", line(r, "Cost after iteration 0:"));
        assertTrue(accuracy(r, "train") > 90, r.out());
        assertTrue(accuracy(r, "test") > 85, r.out());
        Cli.png(out.resolve("deep-decision-regions.png"));
        Cli.png(out.resolve("deep-learning-curve.png"));
    }

    @Test
    void deepTrainsOnCsvFiles() throws IOException {
        Path train = csv("train.csv", 200, 1, true, false);
        Path test = csv("test.csv", 60, 2, false, false);
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("deep", "--train", train.toString(), "--test", test.toString(), "--layers", "2,10,5,1",
                "--lr", "0.5", "--iterations", "1500", "--print-every", "500", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Data: train train.csv: 200 examples of 2 features; test test.csv: 60 examples of 2 features",
                r.lines().get(0));
        assertEquals("Scaling: none (the default for files not in the cat pictures' layout; --scale 1/D to divide)",
                line(r, "Scaling:"));
        assertTrue(accuracy(r, "train") > 90, r.out());
        assertTrue(accuracy(r, "test") > 85, r.out());
        Cli.png(out.resolve("deep-decision-regions.png"));
    }

    @Test
    void softmaxOnCsvClassesAndExplicitScaling() throws IOException {
        Path train = csv("train.csv", 200, 3, true, true);
        Path test = csv("test.csv", 80, 4, true, true);
        Cli.Result r = Cli.run("deep", "--output", "softmax", "--train", train.toString(), "--test", test.toString(),
                "--layers", "2,8,4", "--lr", "0.5", "--iterations", "600", "--print-every", "0", "--scale", "1/2",
                "--out", dir.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Scaling: x / 2.0 (--scale 1/2)", line(r, "Scaling:"));
        assertTrue(accuracy(r, "test") > 90, r.out());
    }

    @Test
    void labelsTheOutputCannotTakeAreOneLineAndExitCode2() throws IOException {
        Path train = csv("train.csv", 20, 3, true, true);
        Path test = csv("test.csv", 20, 4, true, true);
        Cli.Result sigmoid = Cli.run("deep", "--train", train.toString(), "--test", test.toString(),
                "--layers", "2,4,1", "--out", dir.toString());
        assertEquals(2, sigmoid.code());
        assertTrue(sigmoid.err().startsWith("deep: " + train + ": label 2 at line "), sigmoid.err());
        assertTrue(sigmoid.err().contains("is not a class; labels must be 0 or 1"), sigmoid.err());
        assertEquals(1, sigmoid.err().lines().count(), sigmoid.err());

        Cli.Result softmax = Cli.run("deep", "--output", "softmax", "--train", train.toString(), "--test",
                test.toString(), "--layers", "2,4,3", "--out", dir.toString());
        assertEquals(2, softmax.code());
        assertTrue(softmax.err().startsWith("deep: " + train + ": label 3 at line "), softmax.err());
        assertTrue(softmax.err().contains("is not a class"), softmax.err());

        Cli.Result layers = Cli.run("deep", "--output", "softmax", "--layers", "2,4,1");
        assertEquals(2, layers.code());
        assertTrue(layers.err().contains("--output softmax takes the number of classes K from the last of --layers"),
                layers.err());
        Cli.Result scale = Cli.run("logistic", "--scale", "255");
        assertEquals(2, scale.code());
        assertTrue(scale.err().contains("--scale must be auto, none or 1/D"), scale.err());
        Cli.Result missingCsv = Cli.run("logistic", "--train", dir.resolve("a.csv").toString(), "--test",
                dir.resolve("b.csv").toString());
        assertEquals(2, missingCsv.code());
        assertTrue(missingCsv.err().startsWith("logistic: ") && missingCsv.err().contains("a.csv"), missingCsv.err());
        assertEquals(1, missingCsv.err().lines().count(), missingCsv.err());
    }

    @Test
    void equationsOfASoftmaxNetwork() {
        Cli.Result r = Cli.run("equations", "--model", "deep", "--layers", "2,5,4,3", "--output", "softmax");
        assertEquals(0, r.code(), r.err());
        assertEquals("The deep network [2,5,4,3] with a softmax output:", r.lines().get(0));
        assertTrue(r.out().contains("  A3 = softmax(Z3)\n"), r.out());
        assertTrue(r.out().contains("  dZ3 = A3 − Y\n"), r.out());
        assertTrue(r.out().contains("  dZ2 = W3ᵀ·dZ3 ∗ [Z2 > 0]\n"), r.out());
        Cli.Result deep = Cli.run("equations", "--model", "deep", "--layers", "3,2,1");
        assertTrue(deep.out().contains("  dZ2 = A2 − Y\n"), deep.out());
        assertTrue(deep.out().contains("  A2 = σ(Z2)\n"), deep.out());
    }

    @Test
    void gradcheckOnASoftmaxNetworkAndOnACsvFile() throws IOException {
        Cli.Result softmax = Cli.run("gradcheck", "--model", "deep", "--layers", "4,5,3", "--output", "softmax");
        assertEquals(0, softmax.code(), softmax.out() + softmax.err());
        assertTrue(softmax.lines().get(1).startsWith("Gradient check passed"), softmax.out());
        Path train = csv("train.csv", 30, 5, true, false);
        Cli.Result file = Cli.run("gradcheck", "--train", train.toString(), "--layers", "2,3,1", "--examples", "6");
        assertEquals(0, file.code(), file.out() + file.err());
        assertTrue(file.lines().get(0).startsWith("Gradient check of the deep model [2,3,1] on the first 6 examples of"
                + " train.csv"), file.out());
    }

    @Test
    void epochCostAndDropoutSeedOptions() {
        Cli.Result mean = Cli.run("deep", "--batch", "64", "--epochs", "2", "--print-every", "1", "--optimizer", "adam",
                "--lr", "0.001", "--out", dir.toString());
        Cli.Result last = Cli.run("deep", "--batch", "64", "--epochs", "2", "--print-every", "1", "--optimizer", "adam",
                "--lr", "0.001", "--epoch-cost", "last-batch", "--out", dir.toString());
        assertEquals(0, last.code(), last.err());
        assertTrue(last.lines().get(2).contains("(printing each epoch's last mini-batch cost)"), last.out());
        assertTrue(!line(mean, "Cost after epoch 1:").equals(line(last, "Cost after epoch 1:")), last.out());

        Cli.Result once = Cli.run("deep", "--keep-prob", "0.8", "--dropout-seed", "3", "--iterations", "3",
                "--print-every", "1", "--out", dir.toString());
        Cli.Result reseeded = Cli.run("deep", "--keep-prob", "0.8", "--dropout-seed", "3", "--dropout-reseed",
                "--iterations", "3", "--print-every", "1", "--out", dir.toString());
        assertEquals(0, reseeded.code(), reseeded.err());
        assertTrue(reseeded.lines().get(2).contains("dropout keep_prob = 0.8 (masks seeded with 3 before every step)"),
                reseeded.out());
        assertEquals(line(once, "Cost after iteration 0:"), line(reseeded, "Cost after iteration 0:"));
        assertTrue(!line(once, "Cost after iteration 2:").equals(line(reseeded, "Cost after iteration 2:")));
    }

    @Test
    void aDivergingRunIsOneLineAndExitCode2() {
        Cli.Result r = Cli.run("deep", "--lr", "1e308", "--iterations", "20", "--out", dir.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().startsWith("deep: training stopped: the cost of iteration 1 is nan; first non-finite"
                + " gradient dW1[0,0] = NaN"), r.err());
        assertTrue(r.err().contains("; lower --lr or check the data"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
