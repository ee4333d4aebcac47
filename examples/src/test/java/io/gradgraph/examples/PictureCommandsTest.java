package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logistic} and {@code deep}, on HDF5 files the tests write themselves with jhdf, and built in. */
class PictureCommandsTest {
    private static final DatasetCreationOptions UINT8 = DatasetCreationOptions.builder().unsigned().build();

    @TempDir
    Path dir;

    /** The built-in pictures written in the course's layout: (m, 16, 16, 3) uint8, labels, class names. */
    private Path catFile(String name, String prefix, SyntheticPictures.Pictures pictures) {
        Path file = dir.resolve(name);
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset(prefix + "_set_x", pictures.pixels(), UINT8);
            hdf.putDataset(prefix + "_set_y", pictures.labels());
            hdf.putDataset("list_classes", new String[] {"non-cat", "cat"});
        }
        return file;
    }

    private static List<String> costLines(Cli.Result r) {
        return r.lines().stream().filter(l -> l.startsWith("Cost after")).toList();
    }

    private static String line(Cli.Result r, String prefix) {
        return r.lines().stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in\n" + r.out()));
    }

    @Test
    void logisticOnHdf5FilesPrintsTheCourseLinesAndWritesTheCurve() {
        Path train = catFile("train_catvnoncat.h5", "train", SyntheticPictures.train());
        Path test = catFile("test_catvnoncat.h5", "test", SyntheticPictures.test());
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("logistic", "--train", train.toString(), "--test", test.toString(),
                "--iterations", "301", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.lines();
        assertEquals("Data: train_catvnoncat.h5: train 209 pictures of 768 features (69 cat); test_catvnoncat.h5:"
                + " test 50 pictures of 768 features (14 cat)", lines.get(0));
        assertEquals("Model: logistic regression A = σ(wᵀX + b), w 768×1 = 0, b = 0", lines.get(1));
        assertEquals("Training: gradient descent, learning rate 0.005, 301 iterations on all 209 examples,"
                + " compiled backend", lines.get(2));
        List<String> costs = costLines(r);
        assertEquals(4, costs.size(), r.out());
        assertEquals("Cost after iteration 0: 0.693147", costs.get(0));   // log 2: w and b start at zero
        assertTrue(costs.get(3).matches("Cost after iteration 300: 0\\.\\d{6}"), costs.get(3));
        assertTrue(line(r, "train accuracy: ").matches("train accuracy: \\d+\\.\\d+ %"), r.out());
        assertTrue(line(r, "test accuracy: ").matches("test accuracy: \\d+\\.\\d+ %"), r.out());
        Path curve = out.resolve("logistic-learning-curve.png");
        assertEquals("Learning curve: " + curve, lines.get(lines.size() - 1));
        Cli.png(curve);

        // the files hold the built-in pictures, so everything but the data line is the built-in run's
        Cli.Result builtIn = Cli.run("logistic", "--iterations", "301", "--out", out.toString()).withoutTimings();
        assertTrue(builtIn.lines().get(0).startsWith("Data: the built-in synthetic pictures (16×16 RGB"), builtIn.out());
        assertEquals(r.withoutTimings().lines().subList(1, lines.size()), builtIn.lines().subList(1, lines.size()));
    }

    @Test
    void deepWithMiniBatchesAdamAndL2() {
        Cli.Result r = Cli.run("deep", "--layers", "768,8,4,1", "--epochs", "3", "--batch", "64", "--optimizer", "adam",
                "--lr", "0.001", "--l2", "0.1", "--print-every", "1", "--init", "he", "--seed", "3",
                "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Model: L = 3 layers [768,8,4,1], [LINEAR → RELU]×2 → LINEAR → SIGMOID; W = He (seed 3), b = 0",
                r.lines().get(1));
        assertEquals("Training: Adam, learning rate 0.001, 3 epochs of mini-batches of 64, L2 λ = 0.1, compiled backend",
                r.lines().get(2));
        assertEquals(List.of(0, 1, 2), costLines(r).stream()
                .map(l -> Integer.parseInt(l.substring("Cost after epoch ".length(), l.indexOf(':')))).toList());
        Cli.png(dir.resolve("deep-learning-curve.png"));
    }

    @Test
    void deepDefaultsAreTheCourseModelWithDropoutAndMomentumAvailable() {
        Cli.Result r = Cli.run("deep", "--iterations", "20", "--print-every", "10", "--keep-prob", "0.8",
                "--optimizer", "momentum", "--beta", "0.8", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Model: L = 4 layers [768,20,7,5,1], [LINEAR → RELU]×3 → LINEAR → SIGMOID; W = randn / √n_prev"
                + " (seed 1), b = 0", r.lines().get(1));
        assertEquals("Training: momentum (β = 0.8), learning rate 0.0075, 20 iterations on all 209 examples,"
                + " dropout keep_prob = 0.8, compiled backend", r.lines().get(2));
        assertEquals(2, costLines(r).size());
    }

    @Test
    void theInterpreterPrintsTheSameCostsAsTheDefaultGeneratedCode() {
        Cli.Result compiled = Cli.run("deep", "--layers", "768,6,1", "--iterations", "21", "--print-every", "10",
                "--out", dir.toString());
        Cli.Result interpreted = Cli.run("deep", "--layers", "768,6,1", "--iterations", "21", "--print-every", "10",
                "--interpreter", "--out", dir.toString());
        assertEquals(0, compiled.code(), compiled.err());
        assertEquals(0, interpreted.code(), interpreted.err());
        assertTrue(compiled.lines().get(2).endsWith("compiled backend"), compiled.out());
        assertTrue(interpreted.lines().get(2).endsWith("interpreter backend"), interpreted.out());
        assertEquals(costLines(interpreted), costLines(compiled));
        assertEquals(line(interpreted, "test accuracy"), line(compiled, "test accuracy"));
    }

    @Test
    void theVectorApiHintIsForLargePicturesOnThePlainJavaKernelOnly() {
        String hint = PictureCommand.kernelHint(12288, "scalar, 2 threads");
        assertTrue(hint.startsWith("hint: ") && hint.contains("--add-modules jdk.incubator.vector"), hint);
        assertEquals(null, PictureCommand.kernelHint(12288, "vector(512-bit 4x16), 2 threads"));
        assertEquals(null, PictureCommand.kernelHint(768, "scalar, 2 threads"));
    }

    @Test
    void logisticWithARandomStart() {
        Cli.Result r = Cli.run("logistic", "--iterations", "1", "--init", "small", "--seed", "5", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Model: logistic regression A = σ(wᵀX + b), w 768×1 = randn × 0.01 (seed 5), b = 0", r.lines().get(1));
        assertTrue(!costLines(r).get(0).equals("Cost after iteration 0: 0.693147"), r.out());
    }

    @Test
    void aMissingFileIsOneLineAndExitCode2() {
        Path test = catFile("test_catvnoncat.h5", "test", SyntheticPictures.test());
        Path missing = dir.resolve("nowhere/train_catvnoncat.h5");
        Cli.Result r = Cli.run("logistic", "--train", missing.toString(), "--test", test.toString());
        assertEquals(2, r.code());
        assertEquals("logistic: HDF5 file not found: " + missing.toAbsolutePath() + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aWrongKeyIsOneLineNamingTheKeysThereAre() {
        Path train = dir.resolve("train.h5");
        try (WritableHdfFile hdf = HdfFile.write(train)) {
            hdf.putDataset("x", SyntheticPictures.generate(5, 1).pixels(), UINT8);
            hdf.putDataset("y", new long[] {0, 1, 0, 1, 0});
        }
        Path test = catFile("test_catvnoncat.h5", "test", SyntheticPictures.test());
        Cli.Result r = Cli.run("deep", "--train", train.toString(), "--test", test.toString());
        assertEquals(2, r.code());
        assertEquals("deep: " + train + ": 'train_set_x': no such dataset; the file has datasets [x, y]\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aFileThatIsNotHdf5IsOneLine() throws Exception {
        Path train = Files.writeString(dir.resolve("train.h5"), "not HDF5 at all");
        Path test = catFile("test_catvnoncat.h5", "test", SyntheticPictures.test());
        Cli.Result r = Cli.run("logistic", "--train", train.toString(), "--test", test.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("logistic: " + train + ": cannot read HDF5 file"), r.err());
    }

    @Test
    void layersThatDoNotFitTheFilesAreOneLine() {
        Path train = catFile("train_catvnoncat.h5", "train", SyntheticPictures.train());
        Path test = catFile("test_catvnoncat.h5", "test", SyntheticPictures.test());
        Cli.Result r = Cli.run("deep", "--train", train.toString(), "--test", test.toString(), "--layers",
                "12288,20,7,5,1");
        assertEquals(2, r.code());
        assertEquals("deep: --layers starts with 12288, but the training pictures have 768 features;"
                + " run 'deep --help' for the options\n", r.err());
    }

    /**
     * The course's own run, when its files are there: set GRADGRAPH_DATASETS (or -Dgradgraph.datasets)
     * to the folder holding train_catvnoncat.h5 and test_catvnoncat.h5.
     */
    @Test
    void courseFilesReproduceTheCourseTrace() {
        Optional<Path> folder = Optional.ofNullable(System.getProperty("gradgraph.datasets"))
                .or(() -> Optional.ofNullable(System.getenv("GRADGRAPH_DATASETS"))).map(Path::of);
        Assumptions.assumeTrue(folder.isPresent() && Files.isRegularFile(folder.get().resolve("train_catvnoncat.h5")),
                "the course's cat files are not available (GRADGRAPH_DATASETS is not set)");
        Cli.Result r = Cli.run("logistic", "--train", folder.get().resolve("train_catvnoncat.h5").toString(),
                "--test", folder.get().resolve("test_catvnoncat.h5").toString(), "--iterations", "2000",
                "--lr", "0.005", "--print-every", "100", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        List<String> expected = new ArrayList<>();
        double[] course = {0.693147, 0.584508, 0.466949, 0.376007, 0.331463, 0.303273, 0.279880, 0.260042, 0.242941,
            0.228004, 0.214820, 0.203078, 0.192544, 0.183033, 0.174399, 0.166521, 0.159305, 0.152667, 0.146542, 0.140872};
        for (int i = 0; i < course.length; i++) {
            expected.add(String.format(java.util.Locale.ROOT, "Cost after iteration %d: %.6f", 100 * i, course[i]));
        }
        assertEquals(expected, costLines(r));
        assertEquals("train accuracy: 99.04306220095694 %", line(r, "train accuracy"));
        assertEquals("test accuracy: 70.0 %", line(r, "test accuracy"));
    }
}
