package io.gradgraph.nn.data;

import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

/**
 * A labelled data set in the course's layout: one column per example.
 *
 * <p>{@code x} is features×examples and {@code y} holds the labels of the same examples, usually
 * one row (1×m, e.g. 0/1 for cat/non-cat), or one row per output for one-hot labels. {@code
 * classes} names the label values when the source file does (the cat files' {@code
 * list_classes}: {@code [non-cat, cat]}), and is empty otherwise.
 *
 * <pre>{@code
 * Dataset train = Hdf5Dataset.loadCatTrain(Path.of("datasets/train_catvnoncat.h5"));
 * int m = train.examples();      // 209
 * int n = train.features();      // 12288
 * }</pre>
 *
 * <p>The matrices are not copied: the record holds the caller's instances, so they should not be
 * changed while the data set is in use. Equality compares shapes and contents (bit patterns of the
 * doubles, so NaN equals NaN and 0.0 differs from -0.0), not matrix identity.
 *
 * @param x features×examples
 * @param y labels, one column per example (usually 1×examples)
 * @param classes the names of the label values, possibly empty; copied into an unmodifiable list
 */
public record Dataset(DMatrixRMaj x, DMatrixRMaj y, List<String> classes) {

    /**
     * Checks that {@code x} and {@code y} have one column per example.
     *
     * @param x features×examples
     * @param y labels, one column per example (usually 1×examples)
     * @param classes the names of the label values, possibly empty
     * @throws NullPointerException if an argument or a class name is null
     * @throws IllegalArgumentException if {@code y} has no rows or a different number of columns
     *     than {@code x}
     */
    public Dataset {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        classes = List.copyOf(Objects.requireNonNull(classes, "classes"));
        if (y.numRows < 1 || y.numCols != x.numCols) {
            throw new IllegalArgumentException("labels y must be k×m with k >= 1 and m = x's "
                    + x.numCols + " examples, but x is " + shape(x) + " and y is " + shape(y));
        }
    }

    /**
     * A data set without class names.
     *
     * @param x features×examples
     * @param y labels, one column per example
     */
    public Dataset(DMatrixRMaj x, DMatrixRMaj y) {
        this(x, y, List.of());
    }

    /** @return the number of examples m, the number of columns of {@code x} and {@code y} */
    public int examples() {
        return x.numCols;
    }

    /** @return the number of features, the number of rows of {@code x} */
    public int features() {
        return x.numRows;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d
                && sameContents(x, d.x) && sameContents(y, d.y) && classes.equals(d.classes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * contentHash(x) + contentHash(y)) + classes.hashCode();
    }

    /** Shapes and classes only: the data can be millions of numbers. */
    @Override
    public String toString() {
        return "Dataset[x=" + shape(x) + ", y=" + shape(y) + ", classes=" + classes + "]";
    }

    static String shape(DMatrixRMaj m) {
        return "(" + m.numRows + ", " + m.numCols + ")";
    }

    private static boolean sameContents(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            return false;
        }
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            if (Double.doubleToLongBits(a.data[i]) != Double.doubleToLongBits(b.data[i])) {
                return false;
            }
        }
        return true;
    }

    private static int contentHash(DMatrixRMaj m) {
        int h = 31 * m.numRows + m.numCols;
        int n = m.getNumElements();
        for (int i = 0; i < n; i++) {
            h = 31 * h + Double.hashCode(m.data[i]);
        }
        return h;
    }
}
