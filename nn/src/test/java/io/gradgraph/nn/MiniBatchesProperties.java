package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.nn.data.Dataset;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.ejml.data.DMatrixRMaj;

/** Partition invariants of {@link MiniBatches}, for random sizes and seeds (deterministic: fixed jqwik seed). */
class MiniBatchesProperties {

    /** Column i of x is (i, 1000 + i, -i); its label is 7 * i + 1, so pairing can be checked per column. */
    private static Dataset tagged(int features, int m) {
        DMatrixRMaj x = new DMatrixRMaj(features, m);
        DMatrixRMaj y = new DMatrixRMaj(1, m);
        for (int i = 0; i < m; i++) {
            for (int f = 0; f < features; f++) {
                x.set(f, i, f == 0 ? i : f == 1 ? 1000 + i : -i);
            }
            y.set(0, i, 7 * i + 1);
        }
        return new Dataset(x, y);
    }

    private static void checkPartition(List<Dataset> batches, int features, int m, int size) {
        int expectedCount = (m + size - 1) / size;
        assertEquals(expectedCount, batches.size(), "number of batches for m=" + m + ", size=" + size);
        boolean[] seen = new boolean[m];
        for (int b = 0; b < batches.size(); b++) {
            Dataset batch = batches.get(b);
            boolean last = b == batches.size() - 1;
            int want = last && m % size != 0 ? m % size : size;
            assertEquals(want, batch.examples(), "size of batch " + b);
            assertEquals(features, batch.features());
            for (int c = 0; c < batch.examples(); c++) {
                int index = (int) batch.x().get(0, c);
                assertTrue(index >= 0 && index < m, "column " + index);
                assertTrue(!seen[index], "example " + index + " appears twice");
                seen[index] = true;
                for (int f = 1; f < features; f++) {
                    assertEquals(f == 1 ? 1000 + index : -index, batch.x().get(f, c), "feature rows stay together");
                }
                assertEquals(7 * index + 1, batch.y().get(0, c), "label stays with its example " + index);
            }
        }
        for (int i = 0; i < m; i++) {
            assertTrue(seen[i], "example " + i + " is in no batch");
        }
    }

    @Property(tries = 150, seed = "42")
    void randomBatchesCoverEveryExampleOnceWithItsLabel(
            @ForAll @IntRange(min = 1, max = 3) int features,
            @ForAll @IntRange(min = 0, max = 300) int m,
            @ForAll @IntRange(min = 1, max = 80) int size,
            @ForAll @LongRange(min = 0, max = 0xffffffffL) long seed) {
        checkPartition(MiniBatches.random(tagged(features, m), size, seed), features, m, size);
    }

    @Property(tries = 100, seed = "42")
    void sequentialBatchesCoverEveryExampleOnceInOrder(
            @ForAll @IntRange(min = 0, max = 300) int m,
            @ForAll @IntRange(min = 1, max = 80) int size) {
        List<Dataset> batches = MiniBatches.sequential(tagged(2, m), size);
        checkPartition(batches, 2, m, size);
        int expected = 0;
        for (Dataset batch : batches) {
            for (int c = 0; c < batch.examples(); c++) {
                assertEquals(expected++, (int) batch.x().get(0, c));
            }
        }
    }

    @Property(tries = 50, seed = "42")
    void batchSizeOfAtLeastMGivesOneBatch(
            @ForAll @IntRange(min = 1, max = 200) int m,
            @ForAll @IntRange(min = 0, max = 50) int extra,
            @ForAll @LongRange(min = 0, max = 1000) long seed) {
        List<Dataset> batches = MiniBatches.random(tagged(1, m), m + extra, seed);
        assertEquals(1, batches.size());
        assertEquals(m, batches.get(0).examples());
    }

    @Property(tries = 50, seed = "42")
    void sameSeedSameBatches(
            @ForAll @IntRange(min = 0, max = 200) int m,
            @ForAll @IntRange(min = 1, max = 64) int size,
            @ForAll @LongRange(min = 0, max = 0xffffffffL) long seed) {
        Dataset data = tagged(2, m);
        assertEquals(MiniBatches.random(data, size, seed), MiniBatches.random(data, size, seed));
    }
}
