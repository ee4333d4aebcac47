package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.nn.data.Dataset;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class MiniBatchesTest {
    /** 2×400: row 0 is the example's index, row 1 its negation; y is 0 for the first 200, 1 after. */
    private static Dataset indexed(int m) {
        DMatrixRMaj x = new DMatrixRMaj(2, m);
        DMatrixRMaj y = new DMatrixRMaj(1, m);
        for (int i = 0; i < m; i++) {
            x.set(0, i, i);
            x.set(1, i, -i);
            y.set(0, i, i >= m / 2 ? 1 : 0);
        }
        return new Dataset(x, y, List.of("red", "blue"));
    }

    private static int[] row(DMatrixRMaj m, int r, int from, int to) {
        int[] out = new int[to - from];
        for (int c = from; c < to; c++) {
            out[c - from] = (int) m.get(r, c);
        }
        return out;
    }

    /**
     * Expected values from the course's reference random_mini_batches (slices k*size:(k+1)*size)
     * run with numpy 2.4.6 on X = np.vstack([arange(400), -arange(400)]), Y = (arange(400) >= 200),
     * mini_batch_size=64, seed=11 (the first seed the course's model loop uses).
     */
    @Test
    void reproducesTheCoursesBatchesForSeed11() {
        List<Dataset> batches = MiniBatches.random(indexed(400), 64, 11);
        assertEquals(List.of(64, 64, 64, 64, 64, 64, 16), batches.stream().map(Dataset::examples).toList());
        int[][] firstFive = {
            {276, 274, 164, 393, 136}, {379, 41, 16, 219, 189}, {139, 77, 8, 2, 256}, {157, 24, 237, 281, 266},
            {279, 258, 42, 311, 340}, {306, 84, 224, 19, 72}, {236, 301, 253, 176, 92}};
        int[][] lastTwo = {{366, 55}, {113, 54}, {115, 325}, {377, 127}, {382, 38}, {34, 125}, {80, 191}};
        int[][] labels = {{1, 1, 0, 1, 0}, {1, 0, 0, 1, 0}, {0, 0, 0, 0, 1}, {0, 0, 1, 1, 1}, {1, 1, 0, 1, 1},
            {1, 0, 1, 0, 0}, {1, 1, 1, 0, 0}};
        for (int b = 0; b < batches.size(); b++) {
            Dataset batch = batches.get(b);
            int n = batch.examples();
            assertArrayEquals(firstFive[b], row(batch.x(), 0, 0, 5), "batch " + b);
            assertArrayEquals(lastTwo[b], row(batch.x(), 0, n - 2, n), "batch " + b);
            assertArrayEquals(labels[b], row(batch.y(), 0, 0, 5), "labels of batch " + b);
            assertEquals(List.of("red", "blue"), batch.classes());
        }
    }

    @Test
    void batchAtLeastAsLargeAsTheDataGivesOneShuffledBatch() {
        // numpy 2.4.6: random_mini_batches(X, Y, 400 or 1000, seed=3)[0][0][0, :6] = 376 16 365 82 107 217
        for (int size : new int[] {400, 1000}) {
            List<Dataset> batches = MiniBatches.random(indexed(400), size, 3);
            assertEquals(1, batches.size());
            assertEquals(400, batches.get(0).examples());
            assertArrayEquals(new int[] {376, 16, 365, 82, 107, 217}, row(batches.get(0).x(), 0, 0, 6));
        }
    }

    @Test
    void seededOverloadEqualsAFreshGeneratorAndTheGeneratorOverloadAdvances() {
        Dataset data = indexed(50);
        NumpyRandom rng = new NumpyRandom(4);
        List<Dataset> first = MiniBatches.random(data, 8, rng);
        assertEquals(MiniBatches.random(data, 8, 4), first);
        List<Dataset> second = MiniBatches.random(data, 8, rng);
        assertNotEquals(first, second, "a second call on the same generator must shuffle differently");
        NumpyRandom replay = new NumpyRandom(4);
        replay.permutation(50);
        int[] order = replay.permutation(50);
        assertArrayEquals(Arrays.copyOf(order, 8), row(second.get(0).x(), 0, 0, 8));
    }

    @Test
    void sequentialKeepsTheOriginalOrder() {
        List<Dataset> batches = MiniBatches.sequential(indexed(10), 4);
        assertEquals(List.of(4, 4, 2), batches.stream().map(Dataset::examples).toList());
        assertArrayEquals(new int[] {0, 1, 2, 3}, row(batches.get(0).x(), 0, 0, 4));
        assertArrayEquals(new int[] {-8, -9}, row(batches.get(2).x(), 1, 0, 2));
    }

    @Test
    void inputIsNotModifiedAndBatchesAreCopies() {
        Dataset data = indexed(20);
        Dataset copy = new Dataset(data.x().copy(), data.y().copy(), data.classes());
        List<Dataset> batches = MiniBatches.random(data, 20, 0);
        batches.get(0).x().set(0, 0, 1e9);
        assertEquals(copy, data);
    }

    @Test
    void emptyDataGivesNoBatches() {
        Dataset empty = new Dataset(new DMatrixRMaj(3, 0), new DMatrixRMaj(1, 0));
        assertEquals(List.of(), MiniBatches.random(empty, 64, 0));
        assertEquals(List.of(), MiniBatches.sequential(empty, 64));
    }

    @Test
    void nonPositiveBatchSizesAreRejectedWithTheValue() {
        Dataset data = indexed(10);
        for (int size : new int[] {0, -3}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> MiniBatches.random(data, size, 0));
            assertTrue(e.getMessage().contains("was " + size), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> MiniBatches.random(data, size, new NumpyRandom(0)));
            assertThrows(IllegalArgumentException.class, () -> MiniBatches.sequential(data, size));
        }
    }

    @Test
    void theCoursesDefaultBatchSizeIs64() {
        assertEquals(64, MiniBatches.DEFAULT_BATCH_SIZE);
    }
}
