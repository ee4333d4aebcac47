package io.gradgraph.nn;

import io.gradgraph.nn.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

/**
 * Splits a data set into mini-batches of examples (columns), as the course's {@code
 * random_mini_batches(X, Y, mini_batch_size=64, seed=0)} does, reproducing numpy's shuffle.
 *
 * <p>{@link #random(Dataset, int, long)} seeds a generator like {@code np.random.seed(seed)},
 * draws {@code np.random.permutation(m)}, reorders the columns of {@code x} and {@code y} by it
 * (together, so each example keeps its label), and cuts the result into {@code m / batchSize}
 * full batches followed, if {@code batchSize} does not divide {@code m}, by one smaller batch with
 * the remaining {@code m % batchSize} examples. A batch size of {@code m} or more gives a single
 * (shuffled) batch; a data set without examples gives no batches.
 *
 * <pre>{@code
 * Dataset train = PlanarDataset.load();
 * int seed = 10;
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     seed++;                                                  // as the course's model loop does
 *     for (Dataset batch : MiniBatches.random(train, 64, seed)) {
 *         // batch.x(): 2×64 (2×16 for the last of 400 / 64 batches), batch.y(): 1×64
 *     }
 * }
 * }</pre>
 *
 * <p>This follows the course's reference version of the function. One transcription of it slices
 * the full batches as {@code [i * size : (i + 1) * size - 1]}, silently dropping the last example
 * of every full batch, and skips the shuffle when the batch size equals {@code m}; neither quirk is
 * reproduced. Batches are new matrices; the input is not modified. Class names are carried over.
 */
public final class MiniBatches {
    /** The course's default {@code mini_batch_size}. */
    public static final int DEFAULT_BATCH_SIZE = 64;

    private MiniBatches() {}

    /**
     * Shuffled mini-batches, exactly as {@code random_mini_batches(X, Y, batchSize, seed)}: the
     * permutation is that of {@code np.random.seed(seed); np.random.permutation(m)}.
     *
     * @param data the examples to split, one per column
     * @param batchSize examples per full batch, at least 1
     * @param seed the numpy seed, in [0, 2<sup>32</sup> - 1]
     * @return the batches in order: full ones first, then the smaller remainder, if any
     * @throws IllegalArgumentException if {@code batchSize} is not positive or the seed is out of
     *     numpy's range
     */
    public static List<Dataset> random(Dataset data, int batchSize, long seed) {
        Objects.requireNonNull(data, "data");
        requirePositive(batchSize);
        return random(data, batchSize, new NumpyRandom(seed));
    }

    /**
     * Shuffled mini-batches with the permutation drawn from {@code rng}'s current state, without
     * reseeding it: {@code random_mini_batches} minus its {@code np.random.seed} line. Successive
     * calls with one generator therefore give different shuffles, as successive epochs should.
     *
     * @param data the examples to split, one per column
     * @param batchSize examples per full batch, at least 1
     * @param rng the generator to draw {@code permutation(m)} from; advanced by the call
     * @return the batches in order: full ones first, then the smaller remainder, if any
     * @throws IllegalArgumentException if {@code batchSize} is not positive
     */
    public static List<Dataset> random(Dataset data, int batchSize, NumpyRandom rng) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(rng, "rng");
        requirePositive(batchSize);
        return split(data, batchSize, rng.permutation(data.examples()));
    }

    /**
     * Mini-batches of consecutive examples, in their original order, without any randomness.
     *
     * @param data the examples to split, one per column
     * @param batchSize examples per full batch, at least 1
     * @return the batches in order: full ones first, then the smaller remainder, if any
     * @throws IllegalArgumentException if {@code batchSize} is not positive
     */
    public static List<Dataset> sequential(Dataset data, int batchSize) {
        Objects.requireNonNull(data, "data");
        requirePositive(batchSize);
        int[] identity = new int[data.examples()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        return split(data, batchSize, identity);
    }

    private static void requirePositive(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("mini-batch size must be at least 1, but was " + batchSize);
        }
    }

    private static List<Dataset> split(Dataset data, int batchSize, int[] order) {
        int m = order.length;
        List<Dataset> batches = new ArrayList<>((m + batchSize - 1) / batchSize);
        for (int start = 0; start < m; start += batchSize) {
            int size = Math.min(batchSize, m - start);
            batches.add(new Dataset(
                    columns(data.x(), order, start, size), columns(data.y(), order, start, size), data.classes()));
        }
        return List.copyOf(batches);
    }

    /** The columns {@code order[start .. start+size-1]} of {@code src}, in that order. */
    private static DMatrixRMaj columns(DMatrixRMaj src, int[] order, int start, int size) {
        DMatrixRMaj dst = new DMatrixRMaj(src.numRows, size);
        int m = src.numCols;
        for (int r = 0; r < src.numRows; r++) {
            int srcRow = r * m;
            int dstRow = r * size;
            for (int c = 0; c < size; c++) {
                dst.data[dstRow + c] = src.data[srcRow + order[start + c]];
            }
        }
        return dst;
    }
}
