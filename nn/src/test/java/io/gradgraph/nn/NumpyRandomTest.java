package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class NumpyRandomTest {
    private static final String VECTORS = "numpy/legacy-rng-vectors.txt";
    /** "seed 1 interleaved randn(3) rand(2) randn(3): 1.62 -0.61 ..." */
    private static final Pattern LINE = Pattern.compile("seed (\\d+) (.+?): (.*)");
    private static final Pattern CALL = Pattern.compile("(randn|rand|random_sample|permutation)\\(([\\d,]+)\\)");

    private static List<String> vectorLines() throws IOException {
        Path file = TestFiles.resource(VECTORS);
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    /**
     * The file has 5 seeds × 5 calls plus an interleaved line, so finding fewer lines means the file
     * or its parsing broke.
     */
    @Test
    void vectorsFileIsPresentAndComplete() throws IOException {
        List<String> lines = vectorLines();
        assertTrue(lines.size() >= 26, "expected at least 26 vector lines in " + VECTORS + ", found " + lines.size());
    }

    /** One dynamic test per line of the numpy vectors; every value must match bit for bit. */
    @TestFactory
    Stream<DynamicTest> matchesEveryNumpyVector() throws IOException {
        return vectorLines().stream()
                .map(line -> DynamicTest.dynamicTest(line.substring(0, line.indexOf(':')), () -> check(line)));
    }

    private static void check(String line) {
        Matcher m = LINE.matcher(line);
        assertTrue(m.matches(), "unparseable vector line: " + line);
        NumpyRandom rng = new NumpyRandom(Long.parseLong(m.group(1)));
        String[] expected = m.group(3).trim().split("\\s+");
        List<String> actual = new ArrayList<>();
        Matcher call = CALL.matcher(m.group(2));
        int calls = 0;
        while (call.find()) {
            calls++;
            int[] dims = Arrays.stream(call.group(2).split(",")).mapToInt(Integer::parseInt).toArray();
            switch (call.group(1)) {
                case "randn" -> {
                    double[] v = dims.length == 1 ? rng.randn(dims[0]) : rng.randn(dims[0], dims[1]).data;
                    Arrays.stream(v).forEach(d -> actual.add(Double.toString(d)));
                }
                case "rand" -> {
                    double[] v = dims.length == 1 ? rng.rand(dims[0]) : rng.rand(dims[0], dims[1]).data;
                    Arrays.stream(v).forEach(d -> actual.add(Double.toString(d)));
                }
                case "random_sample" -> {
                    for (int i = 0; i < dims[0]; i++) {
                        actual.add(Double.toString(rng.randomSample()));
                    }
                }
                case "permutation" -> Arrays.stream(rng.permutation(dims[0])).forEach(i -> actual.add(Integer.toString(i)));
                default -> fail("unknown call " + call.group());
            }
        }
        assertTrue(calls > 0, "no call recognised in: " + m.group(2));
        assertEquals(expected.length, actual.size(), "number of values for: " + m.group(2));
        boolean integers = m.group(2).startsWith("permutation");
        for (int i = 0; i < expected.length; i++) {
            if (integers) {
                assertEquals(expected[i], actual.get(i), "value " + i + " of " + line);
            } else {
                // Python repr and Java toString both print the shortest round-trip decimal, but may
                // format it differently (1e-05 vs 1.0E-5): compare the bits
                long want = Double.doubleToRawLongBits(Double.parseDouble(expected[i]));
                long got = Double.doubleToRawLongBits(Double.parseDouble(actual.get(i)));
                assertEquals(want, got, "value " + i + " of '" + m.group(2) + "': expected " + expected[i]
                        + " but was " + actual.get(i));
            }
        }
    }

    @Test
    void matrixVersionsFillRowMajorFromTheSameStream() {
        DMatrixRMaj n = new NumpyRandom(7).randn(3, 5);
        double[] flat = new NumpyRandom(7).randn(15);
        assertEquals(3, n.numRows);
        assertEquals(5, n.numCols);
        assertArrayEquals(flat, Arrays.copyOf(n.data, 15));
        DMatrixRMaj u = new NumpyRandom(7).rand(4, 2);
        assertArrayEquals(new NumpyRandom(7).rand(8), Arrays.copyOf(u.data, 8));
        assertEquals(0, new NumpyRandom(7).randn(0, 4).getNumElements());
    }

    @Test
    void randomSampleIsRand() {
        NumpyRandom a = new NumpyRandom(3);
        NumpyRandom b = new NumpyRandom(3);
        for (int i = 0; i < 10; i++) {
            assertEquals(a.rand(), b.randomSample());
        }
    }

    @Test
    void reseedingRestartsTheStreamAndDropsTheCachedNormal() {
        NumpyRandom rng = new NumpyRandom(1);
        double first = rng.randn();
        rng.randn(); // leaves nothing cached
        rng.randn(); // caches a value
        rng.seed(1);
        assertEquals(first, rng.randn(), "after seed(1) the first normal must not be the stale cached one");
    }

    @Test
    void largestNumpySeedIsAccepted() {
        // np.random.seed(2**32 - 1); np.random.rand() with numpy 2.4.6 gave 0.0976320289940138
        assertEquals(0.0976320289940138, new NumpyRandom(NumpyRandom.MAX_SEED).rand());
    }

    @Test
    void seedsOutsideNumpysRangeAreRejectedWithTheValue() {
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(-1));
        assertTrue(low.getMessage().contains("-1"), low.getMessage());
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(1L << 32));
        assertTrue(high.getMessage().contains("4294967296"), high.getMessage());
    }

    @Test
    void negativeSizesAreRejectedWithTheValue() {
        NumpyRandom rng = new NumpyRandom(0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> rng.randn(-2)).getMessage().contains("-2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> rng.rand(2, -3)).getMessage().contains("(2, -3)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> rng.permutation(-1)).getMessage().contains("-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> rng.randn(1 << 16, 1 << 16))
                .getMessage().contains("65536"));
    }

    @Test
    void permutationOfLargerSizesMatchesNumpy() {
        // np.random.seed(42); np.random.permutation(100)[:10] with numpy 2.4.6
        int[] p = new NumpyRandom(42).permutation(100);
        assertArrayEquals(new int[] {83, 53, 70, 45, 44, 39, 22, 80, 10, 0}, Arrays.copyOf(p, 10));
    }

    @Test
    void shuffleOfTinyArraysConsumesNothing() {
        NumpyRandom a = new NumpyRandom(5);
        a.shuffle(new int[0]);
        a.shuffle(new int[] {9});
        assertEquals(new NumpyRandom(5).rand(), a.rand());
    }

    @Property(tries = 200, seed = "42")
    void permutationHoldsEachIndexOnce(@ForAll @IntRange(min = 0, max = 300) int n,
            @ForAll @LongRange(min = 0, max = 0xffffffffL) long seed) {
        int[] p = new NumpyRandom(seed).permutation(n);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Property(tries = 200, seed = "42")
    void uniformsLieInTheUnitInterval(@ForAll @LongRange(min = 0, max = 0xffffffffL) long seed) {
        NumpyRandom rng = new NumpyRandom(seed);
        for (int i = 0; i < 50; i++) {
            double u = rng.rand();
            assertTrue(u >= 0 && u < 1, "rand() = " + u);
            assertFalse(Double.isNaN(rng.randn()));
        }
    }

    @Property(tries = 100, seed = "42")
    void randomIntervalStaysInRange(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int max,
            @ForAll @LongRange(min = 0, max = 1000) long seed) {
        NumpyRandom rng = new NumpyRandom(seed);
        for (int i = 0; i < 20; i++) {
            int v = rng.randomInterval(max);
            assertTrue(v >= 0 && v <= max, v + " not in [0, " + max + "]");
        }
    }
}
