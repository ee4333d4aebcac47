package io.gradgraph.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.Function;

/**
 * Consecutive examples of one partition as the matrices a step binds: X is n_x × m and Y is
 * n_y × m, one column per example, row-major. Built once from the input rows, checked on the way
 * (width, finite values), and cached by Spark.
 */
final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    /** The position in its partition of this block's first example. */
    final int start;
    final int examples;
    final double[] x;
    final double[] y;
    /** The columns of the current epoch's batches, sorted by batch position (see {@link #batchColumns}). */
    private transient long orderKey = -1;
    private transient int[] order;
    private transient int[] positions;

    /** {@code labels} rows of Y; {@code classes} K > 0 when each example has one class 0…K−1, one-hot in K rows. */
    private Block(int partition, int start, List<Example> rows, int features, int labels, int classes) {
        this.partition = partition;
        this.start = start;
        this.examples = rows.size();
        this.x = new double[features * examples];
        this.y = new double[labels * examples];
        for (int j = 0; j < examples; j++) {
            Example e = rows.get(j);
            for (int i = 0; i < features; i++) {
                x[i * examples + j] = e.features()[i];
            }
            if (classes > 0) {
                y[(int) e.labels()[0] * examples + j] = 1;
            } else {
                for (int i = 0; i < labels; i++) {
                    y[i * examples + j] = e.labels()[i];
                }
            }
        }
    }

    /**
     * Reads a partition's rows into blocks of at most {@code maxExamples}, checking each example:
     * errors name the partition and the row (from 0) within it.
     */
    static <T> Iterator<Block> read(int partition, Iterator<T> rows, Function<T, Example> reader, int features,
            int labels, int classes, int maxExamples) {
        return new Iterator<>() {
            private int row;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Block next() {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                int first = row;
                List<Example> buffer = new ArrayList<>(Math.min(maxExamples, 1024));
                while (rows.hasNext() && buffer.size() < maxExamples) {
                    T raw = rows.next();
                    Example e;
                    try {
                        e = reader.call(raw);
                    } catch (SparkTrainingException ex) {
                        throw new SparkTrainingException(where(partition, row) + ex.getMessage());
                    } catch (Exception ex) {
                        throw new SparkTrainingException(where(partition, row) + "cannot read " + raw + ": " + ex, ex);
                    }
                    check(partition, row, e, features, classes > 0 ? 1 : labels, classes);
                    buffer.add(e);
                    row++;
                }
                return new Block(partition, first, buffer, features, labels, classes);
            }
        };
    }

    static String where(int partition, int row) {
        return "partition " + partition + ", row " + row + ": ";
    }

    private static void check(int partition, int row, Example e, int features, int labels, int classes) {
        if (e.features().length != features) {
            throw new SparkTrainingException(where(partition, row) + e.features().length
                    + " features, but the model takes " + features);
        }
        if (labels > 0 && e.labels().length != labels) {
            throw new SparkTrainingException(where(partition, row) + e.labels().length
                    + " labels, but the model takes " + labels);
        }
        for (int i = 0; i < features; i++) {
            if (!Double.isFinite(e.features()[i])) {
                throw new SparkTrainingException(where(partition, row) + "feature " + i + " is " + e.features()[i]);
            }
        }
        for (int i = 0; i < labels; i++) {
            if (!Double.isFinite(e.labels()[i])) {
                throw new SparkTrainingException(where(partition, row) + "label " + i + " is " + e.labels()[i]);
            }
        }
        if (classes > 0) {
            double label = e.labels()[0];
            if (!(label >= 0 && label < classes && label == Math.rint(label))) {
                throw new SparkTrainingException(where(partition, row) + "label " + label + " is not a class 0…"
                        + (classes - 1));
            }
        }
    }

    /**
     * This block's columns that belong to batch {@code batch} of the epoch whose inverse
     * permutation is {@code inverse} (example index → position in the shuffled order), in their
     * order in that batch. {@code first} is the global index of this block's first example.
     */
    synchronized int[] batchColumns(long key, int[] inverse, long first, int batchSize, int batch) {
        if (orderKey != key) {
            Integer[] columns = new Integer[examples];
            positions = new int[examples];
            for (int j = 0; j < examples; j++) {
                columns[j] = j;
                positions[j] = inverse[Math.toIntExact(first + j)];
            }
            int[] pos = positions;
            Arrays.sort(columns, (a, b) -> Integer.compare(pos[a], pos[b]));
            order = new int[examples];
            int[] sorted = new int[examples];
            for (int j = 0; j < examples; j++) {
                order[j] = columns[j];
                sorted[j] = pos[columns[j]];
            }
            positions = sorted;
            orderKey = key;
        }
        long lo = (long) batch * batchSize;
        int from = lowerBound(positions, lo);
        int to = lowerBound(positions, lo + batchSize);
        return Arrays.copyOfRange(order, from, to);
    }

    private static int lowerBound(int[] sorted, long value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The given columns of a row-major {@code rows × examples} matrix, as a {@code rows × columns.length} one. */
    double[] columns(double[] matrix, int rows, int[] columns) {
        int n = columns.length;
        double[] out = new double[rows * n];
        for (int r = 0; r < rows; r++) {
            int src = r * examples;
            int dst = r * n;
            for (int c = 0; c < n; c++) {
                out[dst + c] = matrix[src + columns[c]];
            }
        }
        return out;
    }
}
