package io.gradgraph.examples;

import io.gradgraph.nn.data.CsvDataset;
import io.gradgraph.nn.data.Dataset;
import io.gradgraph.nn.data.Hdf5Dataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The data-file options of {@code logistic}, {@code deep} and {@code gradcheck}: {@code --train} and
 * {@code --test} files are read by extension (CSV, or HDF5 in the cat pictures' layout or with
 * {@code --x-key}/{@code --y-key}), then scaled as {@code --scale} says.
 */
final class DataOptions {
    /** The cat pictures' datasets, for HDF5 files given without keys. */
    private static final String CAT_CLASSES = "list_classes";

    @Option(names = "--x-key", paramLabel = "KEY", order = 4,
            description = "HDF5: the features' dataset, shape (m, …) (default: the cat pictures' train_set_x, test_set_x).")
    String xKey;

    @Option(names = "--y-key", paramLabel = "KEY", order = 5,
            description = "HDF5: the labels' dataset, m values (default: the cat pictures' train_set_y, test_set_y).")
    String yKey;

    @Option(names = "--test-x-key", paramLabel = "KEY", order = 6,
            description = "HDF5: the test file's features (default: --x-key).")
    String testXKey;

    @Option(names = "--test-y-key", paramLabel = "KEY", order = 7,
            description = "HDF5: the test file's labels (default: --y-key).")
    String testYKey;

    @Option(names = "--scale", paramLabel = "HOW", order = 8,
            description = "Feature scaling: none, 1/D (divide by D, e.g. 1/255) or auto: 1/255 for HDF5 files in the"
                    + " cat pictures' layout, none for everything else (default: ${DEFAULT-VALUE}).")
    String scale = "auto";

    /** Why the cat pictures (the course's files and the built-in ones) are divided by 255. */
    static final String PICTURES_SCALING = " (pixel values, as the course's pictures; the default for them)";

    /** A loaded file: its examples, a few words on what it is, and whether it is in the cat layout. */
    record Loaded(Dataset data, String description, boolean pictures) {
    }

    /** Checks {@code --scale} and the keys; a usage error otherwise. */
    void check() {
        divisor(false);
        if ((xKey == null) != (yKey == null)) {
            throw new Main.UsageException("--x-key and --y-key go together: give both, or neither for the cat"
                    + " pictures' keys");
        }
    }

    /** Any number of classes: for a softmax output whose K comes from the labels. */
    static final int ANY_CLASSES = 1 << 20;

    /**
     * Reads {@code file} by its extension: {@code .csv} (one example per row, the label last, a header
     * row optional), anything else as HDF5 ({@code .h5}, {@code .hdf5}); unscaled. Labels must be classes 0…classes−1 (0 or 1
     * for 2).
     */
    Loaded read(Path file, boolean test, int classes) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            CsvDataset layout = (hasHeader(file) ? CsvDataset.withHeader() : CsvDataset.withoutHeader()).classes(classes);
            Dataset d = layout.load(file);
            return new Loaded(d, file.getFileName() + ": " + d.examples() + " examples of " + d.features() + " features",
                    false);
        }
        // anything else is HDF5 (.h5, .hdf5, or no extension): the HDF5 reader says what a file that is not is
        String x = test && testXKey != null ? testXKey : xKey;
        String y = test && testYKey != null ? testYKey : yKey;
        if (x == null) {
            String prefix = test ? "test_set_" : "train_set_";
            Dataset d = Hdf5Dataset.load(file, prefix + "x", prefix + "y", CAT_CLASSES);
            if (classes != 2) {
                throw new Main.UsageException(file + ": the cat pictures have 2 classes (0 or 1), for a sigmoid"
                        + " output; give --x-key and --y-key for other HDF5 data");
            }
            return new Loaded(d, file.getFileName() + ": " + d.examples() + " pictures of " + d.features()
                    + " features", true);
        }
        Dataset d = Hdf5Dataset.load(file, x, y, classes);
        return new Loaded(d, file.getFileName() + " (" + x + ", " + y + "): " + d.examples() + " examples of "
                + d.features() + " features", false);
    }

    /**
     * Scales the features of {@code loaded} in place as {@code --scale} says and returns the line
     * that says what was applied.
     */
    String apply(Loaded... loaded) {
        boolean pictures = loaded.length > 0 && java.util.Arrays.stream(loaded).allMatch(Loaded::pictures);
        double divisor = divisor(pictures);
        for (Loaded l : loaded) {
            if (divisor != 1) {
                double[] data = l.data().x().data;
                for (int i = 0, n = l.data().x().getNumElements(); i < n; i++) {
                    data[i] = data[i] / divisor; // as numpy's x / 255.
                }
            }
        }
        String how = divisor == 1 ? "none" : "x / " + Training.pythonFloat(divisor);
        String why = scale.equals("auto")
                ? (pictures ? PICTURES_SCALING
                        : " (the default for files not in the cat pictures' layout; --scale 1/D to divide)")
                : " (--scale " + scale + ")";
        return "Scaling: " + how + why;
    }

    /** The number to divide by: 1 for none. */
    private double divisor(boolean pictures) {
        String s = scale.trim();
        if (s.equals("auto")) {
            return pictures ? 255 : 1;
        }
        if (s.equals("none")) {
            return 1;
        }
        if (s.startsWith("1/")) {
            try {
                double d = Double.parseDouble(s.substring(2));
                if (d > 0 && Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new Main.UsageException("--scale must be auto, none or 1/D with a positive number D (e.g. 1/255),"
                + " but was " + scale);
    }

    /** True when the first non-blank line has a cell that is not a number: a header. */
    private static boolean hasHeader(Path file) {
        if (!Files.isRegularFile(file)) {
            return false; // the loader reports the missing file
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                line = line.replace("\uFEFF", "").strip();
                if (line.isEmpty()) {
                    continue;
                }
                for (String cell : line.split(",", -1)) {
                    String c = cell.strip().replace("\"", "").toLowerCase(Locale.ROOT);
                    if (c.isEmpty()) {
                        continue;
                    }
                    if (c.matches("[+-]?(nan|inf|infinity)")) {
                        continue;
                    }
                    try {
                        Double.parseDouble(c);
                    } catch (NumberFormatException e) {
                        return true;
                    }
                }
                return false;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
