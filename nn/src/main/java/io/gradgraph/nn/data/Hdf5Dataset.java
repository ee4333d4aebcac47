package io.gradgraph.nn.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;

/**
 * Loads labelled data sets from HDF5 files, such as the course's cat / non-cat pictures, with the
 * pure-Java jhdf reader.
 *
 * <p>The feature array may have any rank of at least one; its first axis indexes the examples, and
 * each example is flattened in C order, exactly like the course's {@code
 * x_orig.reshape(x_orig.shape[0], -1).T}: an array of shape (m, 64, 64, 3) becomes a 12288×m
 * matrix. The labels must hold one value per example, with shape (m,), (1, m) or (m, 1), and
 * become a 1×m matrix. Both may be of any HDF5 integer or floating-point type (uint8, int64,
 * float32, ...); values are converted to double, unscaled.
 *
 * <pre>{@code
 * Dataset train = Hdf5Dataset.loadCatTrain(Path.of("datasets/train_catvnoncat.h5"));
 * Dataset test = Hdf5Dataset.loadCatTest(Path.of("datasets/test_catvnoncat.h5"));
 * train.x();        // 12288×209, pixel values / 255
 * train.y();        // 1×209 of 0 (non-cat) and 1 (cat)
 * train.classes();  // [non-cat, cat]
 *
 * Dataset other = Hdf5Dataset.load(Path.of("signs.h5"), "train_set_x", "train_set_y");
 * }</pre>
 *
 * <p>Every problem (missing file, not an HDF5 file or a corrupt one, missing key, wrong shape,
 * non-numeric type, a dataset declared but never written) is reported as a {@link DatasetException}
 * with a one-line message naming the file and key; a missing key's message lists the datasets the
 * file does have. What is read is checked: at least one example, every value finite (a NaN or
 * infinity is named with its index) and every label a class, 0 or 1 unless the caller declares K
 * classes ({@link #load(Path, String, String, int)}: labels 0 … K−1). A dataset too large for the
 * memory the JVM may use is refused before it is read. Compressed datasets are supported
 * except for LZ4-based filters, which need {@code at.yawk.lz4:lz4-java} on the class path.
 */
public final class Hdf5Dataset {
    /** The course files' key for the class names, {@code [b'non-cat', b'cat']}. */
    static final String CAT_CLASSES = "list_classes";
    /** HDF5's "undefined address" (all bits set): storage declared but never allocated. */
    private static final long UNDEFINED_ADDRESS = -1L;

    private Hdf5Dataset() {}

    /**
     * Loads features and labels, without class names.
     *
     * @param file the HDF5 file
     * @param xKey path of the feature dataset, e.g. {@code "train_set_x"}; shape (m, ...)
     * @param yKey path of the label dataset, e.g. {@code "train_set_y"}; m values
     * @return features (product of the non-first dimensions)×m, labels 1×m, no class names
     * @throws DatasetException if the file or a key is missing, or a dataset is not numeric or not
     *     shaped as described
     */
    public static Dataset load(Path file, String xKey, String yKey) {
        return read(file, xKey, yKey, Optional.empty(), DataChecks.BINARY);
    }

    /**
     * Loads features and labels of {@code classes} classes: every label must be one of the
     * integers 0 … classes − 1.
     *
     * @param file the HDF5 file
     * @param xKey path of the feature dataset; shape (m, ...)
     * @param yKey path of the label dataset; m values
     * @param classes the number of classes K, at least 2
     * @return features×m, labels 1×m, no class names
     * @throws DatasetException as {@link #load(Path, String, String)}, or if a label is not a class
     * @throws IllegalArgumentException if {@code classes} is less than 2
     */
    public static Dataset load(Path file, String xKey, String yKey, int classes) {
        return read(file, xKey, yKey, Optional.empty(), DataChecks.requireClasses(classes));
    }

    /**
     * Loads features, labels and class names.
     *
     * @param file the HDF5 file
     * @param xKey path of the feature dataset; shape (m, ...)
     * @param yKey path of the label dataset; m values
     * @param classesKey path of a 1-D string dataset naming the label values, e.g. {@code
     *     "list_classes"}; with K names (K ≥ 2), labels may be 0 … K−1
     * @return features×m, labels 1×m and the class names in file order
     * @throws DatasetException if the file or a key is missing, a dataset is not shaped as
     *     described, or the features or labels are not numeric or the class names not strings
     */
    public static Dataset load(Path file, String xKey, String yKey, String classesKey) {
        return read(file, xKey, yKey, Optional.of(Objects.requireNonNull(classesKey, "classesKey")), DataChecks.BINARY);
    }

    private static Dataset read(Path file, String xKey, String yKey, Optional<String> classesKey, int declaredClasses) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(xKey, "xKey");
        Objects.requireNonNull(yKey, "yKey");
        if (Files.isDirectory(file)) {
            throw new DatasetException(file + ": is a directory, not an HDF5 file");
        }
        if (!Files.exists(file)) {
            throw new DatasetException("HDF5 file not found: " + file.toAbsolutePath());
        }
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + ": is not a regular file (a device or a pipe), not an HDF5 file");
        }
        try (HdfFile hdf = new HdfFile(file)) {
            io.jhdf.api.Dataset xs = dataset(hdf, file, xKey);
            io.jhdf.api.Dataset ys = dataset(hdf, file, yKey);
            List<String> names = classesKey.isEmpty()
                    ? List.of() : strings(dataset(hdf, file, classesKey.get()), file, classesKey.get());
            int classes = Math.max(declaredClasses, names.size()); // one label value per class name

            int[] xShape = xs.getDimensions();
            if (xShape.length < 1) {
                throw new DatasetException(where(file, xKey) + ": features must have an examples axis first,"
                        + " shape (m, ...), but the dataset is a scalar");
            }
            int m = xShape[0];
            if (m == 0) {
                throw new DatasetException(where(file, xKey) + ": no examples (shape " + shape(xShape) + ")");
            }
            DataChecks.requireMemory(xs.getSize(), 2, where(file, xKey) + " " + shape(xShape));
            double[] xValues = numbers(xs, file, xKey);
            DataChecks.requireFinite(xValues, xValues.length, where(file, xKey), i -> index(xShape, i));
            int features = m == 0 ? product(xShape, 1) : xValues.length / m;
            DMatrixRMaj x = new DMatrixRMaj(features, m);
            for (int i = 0; i < m; i++) {
                int from = i * features;
                for (int k = 0; k < features; k++) {
                    x.data[k * m + i] = xValues[from + k];
                }
            }

            int[] yShape = ys.getDimensions();
            boolean labelShapeOk = (yShape.length == 1 && yShape[0] == m)
                    || (yShape.length == 2 && ((yShape[0] == 1 && yShape[1] == m) || (yShape[0] == m && yShape[1] == 1)));
            if (!labelShapeOk) {
                throw new DatasetException(where(file, yKey) + ": labels have shape " + shape(yShape)
                        + ", expected (" + m + ",), (1, " + m + ") or (" + m + ", 1) to match the " + m
                        + " examples of '" + xKey + "' " + shape(xShape));
            }
            double[] yValues = numbers(ys, file, yKey);
            DataChecks.requireFinite(yValues, m, where(file, yKey), i -> index(yShape, i));
            DataChecks.requireLabels(yValues, m, classes, where(file, yKey), i -> index(yShape, i));
            DMatrixRMaj y = new DMatrixRMaj(1, m);
            System.arraycopy(yValues, 0, y.data, 0, m);
            return new Dataset(x, y, names);
        } catch (HdfException e) {
            throw new DatasetException(file + ": cannot read HDF5 file: " + oneLine(e.getMessage()), e);
        } catch (DatasetException e) {
            throw e;
        } catch (RuntimeException e) {
            // jhdf fails on a damaged file with whatever the bytes lead to (an ArithmeticException for a corrupt superblock)
            throw new DatasetException(file + ": cannot read HDF5 file, it is corrupt or truncated ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())) + ")", e);
        }
    }

    /** The index in an array of these dimensions of its flat (C-order) element {@code flat}, e.g. [12, 3, 4, 1]. */
    private static String index(int[] dims, int flat) {
        int[] at = new int[Math.max(1, dims.length)];
        for (int d = dims.length - 1, rest = flat; d >= 0; d--) {
            at[d] = dims[d] == 0 ? 0 : rest % dims[d];
            rest = dims[d] == 0 ? 0 : rest / dims[d];
        }
        if (dims.length == 0) {
            at[0] = flat;
        }
        return Arrays.toString(at);
    }

    /**
     * The course's training pictures: {@code train_set_x} (209, 64, 64, 3) uint8 flattened to
     * 12288×209 and divided by 255 ({@code train_set_x_flatten / 255.}), {@code train_set_y} as
     * 1×209, and the class names from {@code list_classes}.
     *
     * @param file {@code train_catvnoncat.h5}
     * @return pixel features in [0, 1], 0/1 labels and the class names
     * @throws DatasetException if the file or one of the three datasets is missing or malformed
     */
    public static Dataset loadCatTrain(Path file) {
        return scaledPixels(load(file, "train_set_x", "train_set_y", CAT_CLASSES));
    }

    /**
     * The course's test pictures: {@code test_set_x} (50, 64, 64, 3) flattened to 12288×50 and
     * divided by 255, {@code test_set_y} as 1×50, and the class names from {@code list_classes}.
     *
     * @param file {@code test_catvnoncat.h5}
     * @return pixel features in [0, 1], 0/1 labels and the class names
     * @throws DatasetException if the file or one of the three datasets is missing or malformed
     */
    public static Dataset loadCatTest(Path file) {
        return scaledPixels(load(file, "test_set_x", "test_set_y", CAT_CLASSES));
    }

    /** Divides (not multiplies by the reciprocal, which rounds differently) like numpy's x / 255. */
    private static Dataset scaledPixels(Dataset d) {
        double[] data = d.x().data;
        int n = d.x().getNumElements();
        for (int i = 0; i < n; i++) {
            data[i] = data[i] / 255.0;
        }
        return d;
    }

    private static io.jhdf.api.Dataset dataset(HdfFile hdf, Path file, String key) {
        Node node;
        try {
            node = hdf.getByPath(key);
        } catch (HdfException e) {
            node = null;
        }
        if (node == null) {
            throw new DatasetException(where(file, key) + ": no such dataset; the file has " + describe(datasetPaths(hdf)));
        }
        if (!(node instanceof io.jhdf.api.Dataset)) {
            throw new DatasetException(where(file, key) + ": is a " + node.getType().toString().toLowerCase(Locale.ROOT)
                    + ", not a dataset; the file has " + describe(datasetPaths(hdf)));
        }
        return (io.jhdf.api.Dataset) node;
    }

    private static String describe(List<String> paths) {
        return paths.isEmpty() ? "no datasets" : "datasets " + paths;
    }

    /** Every dataset's path without a leading slash (as h5py's keys are written), sorted. */
    private static List<String> datasetPaths(Group group) {
        List<String> paths = new ArrayList<>();
        collect(group, "", paths);
        paths.sort(null);
        return paths;
    }

    private static void collect(Group group, String prefix, List<String> paths) {
        for (Node child : group.getChildren().values()) {
            String path = prefix + child.getName();
            if (child instanceof Group g && !child.isLink()) {
                collect(g, path + "/", paths);
            } else if (child instanceof io.jhdf.api.Dataset) {
                paths.add(path);
            }
        }
    }

    private static double[] numbers(io.jhdf.api.Dataset ds, Path file, String key) {
        if (!(ds.getDataType() instanceof FixedPoint) && !(ds.getDataType() instanceof FloatingPoint)) {
            throw new DatasetException(where(file, key) + ": is not numeric (HDF5 type "
                    + ds.getDataType().getClass().getSimpleName() + ", Java type " + ds.getJavaType().getSimpleName()
                    + "); expected an integer or floating-point dataset");
        }
        long size = ds.getSize();
        if (size > Integer.MAX_VALUE - 8) {
            throw new DatasetException(where(file, key) + ": shape " + shape(ds.getDimensions())
                    + " has too many elements for a matrix");
        }
        if (size == 0) {
            return new double[0];
        }
        // jhdf reports storage that was never allocated as "empty" (or an undefined address)
        if (ds.isEmpty() || ds instanceof ContiguousDataset c && c.getDataAddress() == UNDEFINED_ADDRESS) {
            throw new DatasetException(where(file, key) + ": declared (shape " + shape(ds.getDimensions())
                    + ") but its data were never written");
        }
        Object flat;
        try {
            flat = ds.getDataFlat();
        } catch (HdfException e) {
            throw new DatasetException(where(file, key) + ": cannot read its data: " + oneLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new DatasetException(where(file, key) + ": cannot read its data, the dataset is corrupt or was never"
                    + " written (" + e.getClass().getSimpleName() + ")", e);
        }
        if (flat instanceof double[] a) {
            return a;
        }
        double[] out = new double[(int) size];
        if (flat instanceof float[] a) {
            for (int i = 0; i < out.length; i++) {
                out[i] = a[i];
            }
        } else if (flat instanceof byte[] a) {
            for (int i = 0; i < out.length; i++) {
                out[i] = a[i];
            }
        } else if (flat instanceof short[] a) {
            for (int i = 0; i < out.length; i++) {
                out[i] = a[i];
            }
        } else if (flat instanceof int[] a) {
            for (int i = 0; i < out.length; i++) {
                out[i] = a[i];
            }
        } else if (flat instanceof long[] a) {
            for (int i = 0; i < out.length; i++) {
                out[i] = a[i];
            }
        } else if (flat instanceof BigInteger[] a) {
            for (int i = 0; i < out.length; i++) {
                out[i] = a[i].doubleValue();
            }
        } else {
            throw new DatasetException(where(file, key) + ": unsupported element type "
                    + flat.getClass().getComponentType().getSimpleName());
        }
        return out;
    }

    private static List<String> strings(io.jhdf.api.Dataset ds, Path file, String key) {
        int[] dims = ds.getDimensions();
        if (ds.getJavaType() != String.class || dims.length != 1) {
            throw new DatasetException(where(file, key) + ": class names must be a 1-D string dataset, but it has shape "
                    + shape(dims) + " of Java type " + ds.getJavaType().getSimpleName());
        }
        return List.of((String[]) ds.getDataFlat());
    }

    private static int product(int[] dims, int from) {
        long p = 1;
        for (int i = from; i < dims.length; i++) {
            p *= dims[i];
        }
        return (int) Math.min(p, Integer.MAX_VALUE);
    }

    private static String where(Path file, String key) {
        return file + ": '" + key + "'";
    }

    static String shape(int[] dims) {
        if (dims.length == 1) {
            return "(" + dims[0] + ",)";
        }
        String s = Arrays.toString(dims);
        return "(" + s.substring(1, s.length() - 1) + ")";
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
