package io.gradgraph.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ProductPass}: with an epilogue that takes a gradient-descent step (written here: the pass
 * itself knows no optimizer), the fused pass gives the bits of the unfused products and update.
 */
class ProductPassTest {

    /** Does nothing. */
    private static final ProductPass.Epilogue NOTHING = (from, to) -> { };

    /** {@code w[q] = w[q] − rate·dw[q]} on each finished range. */
    private static ProductPass.Epilogue descent(double rate, double[] w, double[] dw) {
        return (from, to) -> {
            for (int q = from; q < to; q++) {
                w[q] = w[q] - rate * dw[q];
            }
        };
    }

    /**
     * (k, n) covering each pair of orders: sequential or wide dots (backward), sequential or halves
     * sums (forward), around the size limits, with odd sizes and a forward product too narrow for
     * row axpys (n &lt; 8); and, for the pipelined wide-order rows, halves of every size mod 4 and n
     * whose tail past the last multiple of 8 has a 4-lane vector or not (77, 100, 4301).
     */
    private static final int[][] SHAPES = {{5, 4}, {37, 9}, {300, 200}, {2001, 131}, {2003, 131}, {40000, 9},
        {40, 7000}, {70000, 4}, {1301, 209}, {12288, 209}, {4002, 77}, {2999, 100}, {61, 4301}};

    /** The unfused step on MatMul's own paths: dw, w and z in {@code out[0..2]}. */
    private static double[][] unfused(int threads, int k, int n, double[] x, double[] dz, double scale, double rate,
                                      double[] w) {
        double[] dw = new double[k];
        MatMul.run(MatMul.Path.AUTO, MatMul.defaultEngine(), threads, k, 1, n, x, 0, false, dz, 0, true, dw, 0, false);
        double[] updated = w.clone();
        for (int i = 0; i < k; i++) {
            dw[i] = scale * dw[i];
            updated[i] = updated[i] - rate * dw[i];
        }
        double[] z = new double[n];
        MatMul.run(MatMul.Path.AUTO, MatMul.defaultEngine(), threads, 1, n, k, updated, 0, true, x, 0, false, z, 0,
                false);
        return new double[][] {dw, updated, z};
    }

    @Test
    void fusedStepIsBitIdenticalToTheUnfusedProductsOnEveryThreadCountAndLoop() {
        Random rnd = new Random(21);
        for (int[] s : SHAPES) {
            int k = s[0];
            int n = s[1];
            double[] x = Reference.random(rnd, k * n);
            double[] dz = Reference.random(rnd, n);
            double[] w = Reference.random(rnd, k);
            double scale = 1.0 / n;
            double rate = 0.005 + rnd.nextDouble();
            double[][] want = unfused(1, k, n, x, dz, scale, rate, w);
            assertArrayEquals(want[2], unfused(2, k, n, x, dz, scale, rate, w)[2], 0.0);
            for (Thin thin : new Thin[] {MatMul.scalarThin(), MatMul.defaultThin()}) {
                for (int threads : new int[] {1, 2, 3}) {
                    double[] gotW = w.clone();
                    double[] gotDw = Reference.random(rnd, k); // overwritten
                    double[] gotZ = Reference.random(rnd, n + 1);
                    double last = gotZ[n];
                    ProductPass.run(thin, threads, k, n, x, dz, scale, descent(rate, gotW, gotDw), gotW, gotDw, gotZ);
                    String what = "k=" + k + " n=" + n + " " + thin.name() + " threads=" + threads;
                    assertArrayEquals(want[0], gotDw, 0.0, what + " dw");
                    assertArrayEquals(want[1], gotW, 0.0, what + " w");
                    assertArrayEquals(want[2], java.util.Arrays.copyOf(gotZ, n), 0.0, what + " z");
                    assertEquals(last, gotZ[n], what + ": z is written only up to n");
                }
            }
        }
    }

    @Test
    void largeStepsUseTheHalvesAndWideOrdersWrittenOutIndependently() {
        Random rnd = new Random(22);
        int k = 1301;
        int n = 209;
        assertEquals(Naive.Order.WIDE_DOTS, Naive.order(k, 1, n, false, true));
        assertEquals(k / 2, Naive.rowAxpySplit(1, n, k));
        double[] x = Reference.random(rnd, k * n);
        double[] dz = Reference.random(rnd, n);
        double[] w = Reference.random(rnd, k);
        double scale = 1.0 / n;
        double rate = 0.01;
        double[] q = Reference.wide(k, n, x, 0, false, dz, 0, new double[k], 0, false);
        double[] updated = w.clone();
        for (int i = 0; i < k; i++) {
            q[i] = scale * q[i];
            updated[i] = updated[i] - rate * q[i];
        }
        double[] z = Reference.halves(1, n, k, k / 2, updated, 0, true, x, 0, new double[n], 0, false);
        double[] dw = new double[k];
        double[] gotZ = new double[n];
        ProductPass.run(k, n, x, dz, scale, descent(rate, w, dw), w, dw, gotZ);
        assertArrayEquals(q, dw, 0.0);
        assertArrayEquals(updated, w, 0.0);
        assertArrayEquals(z, gotZ, 0.0);
    }

    @Test
    void emptyAndDegenerateSizes() {
        double[] z = {7, 7};
        ProductPass.run(0, 2, new double[0], new double[2], 0.5, NOTHING, new double[0], new double[0], z);
        assertArrayEquals(new double[] {0, 0}, z, 0.0); // wᵀ·X over no rows
        double[] w = {1, 2};
        double[] dw = new double[2];
        ProductPass.run(2, 0, new double[0], new double[0], 0.5, NOTHING, w, dw, new double[0]);
        assertArrayEquals(new double[] {0, 0}, dw, 0.0);
        assertArrayEquals(new double[] {1, 2}, w, 0.0);
    }

    @Test
    void validationNamesTheOperand() {
        double[] x = new double[6];
        double[] dz = new double[3];
        double[] w = new double[2];
        double[] dw = new double[2];
        double[] z = new double[3];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProductPass.run(2, 3, new double[5], dz, 1, NOTHING, w, dw, z));
        assertTrue(e.getMessage().startsWith("x too short: 5 elements, needs 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProductPass.run(2, 3, x, dz, 1, NOTHING, w, null, z));
        assertTrue(e.getMessage().startsWith("dw is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProductPass.run(2, 3, x, dz, 1, NOTHING, w, dw, new double[2]));
        assertTrue(e.getMessage().startsWith("z too short"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProductPass.run(2, 3, x, dz, 1, NOTHING, w, dw, dz));
        assertTrue(e.getMessage().contains("arrays of their own"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProductPass.run(-1, 3, x, dz, 1, NOTHING, w, dw, z));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
    }

    /**
     * Once compiled, the plain-Java pass allocates nothing, on one thread or two. The Vector-API pass
     * is skipped here: since the update became a caller's epilogue, some JVMs of this test class
     * (which calls the pass with several epilogue classes) keep allocating about 6 KB per call in the
     * one-thread pass while others allocate nothing — a known issue, see docs/performance.md
     * ("Allocation per step"). The training workloads, with one epilogue each, allocate 0 bytes per
     * step on the Vector API in compare.sh.
     */
    @Test
    void allocatesNothingOnceCompiled() {
        assumeFalse(MatMul.usesVectorApi(), "known issue: the Vector-API pass's allocation depends on the JIT's"
                + " inlining of a megamorphic epilogue in this test JVM (docs/performance.md)");
        Random rnd = new Random(23);
        int k = 4100;
        int n = 64;
        double[] x = Reference.random(rnd, k * n);
        double[] dz = Reference.random(rnd, n);
        double[] w = Reference.random(rnd, k);
        double[] dw = new double[k];
        double[] z = new double[n];
        ProductPass.Epilogue step = descent(1e-9, w, dw);
        for (int threads : new int[] {1, 2}) {
            long least = Reference.leastAllocation(
                    () -> ProductPass.run(MatMul.defaultThin(), threads, k, n, x, dz, 1.0 / n, step, w, dw, z), 40);
            assertTrue(least < 1024, "threads=" + threads + " (" + MatMul.implementation() + ") still allocates "
                    + least + " bytes per 50 calls");
        }
    }

    // ------------------------------------------------------------------ layers: z = W·X

    /**
     * (rows, k, n) for layers: summed in halves (fused) at several block counts, odd sizes and a
     * ragged last block, the deep network's first layer, and shapes that run unfused (too few
     * blocks, too small, too many rows).
     */
    private static final int[][] LAYER_SHAPES = {{20, 12288, 209}, {5, 2100, 100}, {7, 4097, 37}, {3, 5000, 131},
        {20, 1000, 209}, {1, 3, 2}, {40, 3000, 50}, {4, 2100, 10}};

    /** The unfused layer step on MatMul's own paths: dw, w and z in {@code out[0..2]}. */
    private static double[][] unfusedLayer(Engine e, int threads, int rows, int k, int n, double[] x, double[] dz,
                                           double scale, double rate, double[] w) {
        double[] dw = new double[rows * k];
        MatMul.run(MatMul.Path.AUTO, e, threads, rows, k, n, dz, 0, false, x, 0, true, dw, 0, false);
        double[] updated = w.clone();
        for (int q = 0; q < rows * k; q++) {
            dw[q] = scale * dw[q];
            updated[q] = updated[q] - rate * dw[q];
        }
        double[] z = new double[rows * n];
        MatMul.run(MatMul.Path.AUTO, e, threads, rows, n, k, updated, 0, false, x, 0, false, z, 0, false);
        return new double[][] {dw, updated, z};
    }

    @Test
    void fusedLayerStepIsBitIdenticalToTheUnfusedProductsOnEveryEngineAndThreadCount() {
        Random rnd = new Random(24);
        for (int[] s : LAYER_SHAPES) {
            int rows = s[0];
            int k = s[1];
            int n = s[2];
            double[] x = Reference.random(rnd, k * n);
            double[] dz = Reference.random(rnd, rows * n);
            double[] w = Reference.random(rnd, rows * k);
            double scale = 1.0 / n;
            double rate = 0.005 + rnd.nextDouble();
            for (Engine e : Reference.engines()) {
                double[][] want = unfusedLayer(e, 1, rows, k, n, x, dz, scale, rate, w);
                assertArrayEquals(want[2], unfusedLayer(e, 2, rows, k, n, x, dz, scale, rate, w)[2], 0.0);
                for (int threads : new int[] {1, 2, 3}) {
                    double[] gotW = w.clone();
                    double[] gotDw = Reference.random(rnd, rows * k); // overwritten
                    double[] gotZ = Reference.random(rnd, rows * n + 1);
                    double last = gotZ[rows * n];
                    ProductPass.runLayer(e, threads, rows, k, n, x, dz, scale, descent(rate, gotW, gotDw), gotW, gotDw, gotZ);
                    String what = "rows=" + rows + " k=" + k + " n=" + n + " " + e.name() + " threads=" + threads
                            + (e.kSplit(rows, n, k, false) < k ? " (fused)" : " (unfused)");
                    assertArrayEquals(want[0], gotDw, 0.0, what + " dw");
                    assertArrayEquals(want[1], gotW, 0.0, what + " w");
                    assertArrayEquals(want[2], java.util.Arrays.copyOf(gotZ, rows * n), 0.0, what + " z");
                    assertEquals(last, gotZ[rows * n], what + ": z is written only up to rows·n");
                }
            }
        }
        // the shapes above exercise both branches on the default engine
        Engine e = MatMul.defaultEngine();
        assertTrue(e.kSplit(20, 209, 12288, false) < 12288);
        assertEquals(12288, e.kSplit(40, 209, 12288, false)); // 40 rows > smallM: not summed in halves
        assertEquals(1000, e.kSplit(20, 209, 1000, false)); // 4 blocks: too few
    }

    @Test
    void fusedLayerStepAllocatesNothingOnceCompiled() {
        Random rnd = new Random(25);
        int rows = 5;
        int k = 2100;
        int n = 100;
        double[] x = Reference.random(rnd, k * n);
        double[] dz = Reference.random(rnd, rows * n);
        double[] w = Reference.random(rnd, rows * k);
        double[] dw = new double[rows * k];
        double[] z = new double[rows * n];
        Engine e = MatMul.defaultEngine();
        assertTrue(e.kSplit(rows, n, k, false) < k, "this shape takes the fused pass");
        ProductPass.Epilogue step = descent(1e-9, w, dw);
        for (int threads : new int[] {1, 2}) {
            long least = Reference.leastAllocation(
                    () -> ProductPass.runLayer(e, threads, rows, k, n, x, dz, 1.0 / n, step, w, dw, z), 40);
            assertTrue(least < 1024, "threads=" + threads + " (" + e.name() + ") still allocates "
                    + least + " bytes per 50 calls");
        }
    }

    @Test
    void layerValidationNamesTheOperand() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProductPass.runLayer(2, 3, 4, new double[12], new double[8], 1, NOTHING, new double[5], new double[6],
                        new double[8]));
        assertTrue(e.getMessage().startsWith("w too short: 5 elements, needs 6"), e.getMessage());
        double[] same = new double[8];
        e = assertThrows(IllegalArgumentException.class,
                () -> ProductPass.runLayer(2, 3, 4, new double[12], same, 1, NOTHING, new double[6], new double[6], same));
        assertTrue(e.getMessage().contains("arrays of their own"), e.getMessage());
    }

    /**
     * The epilogue sees every index of the gradient exactly once, each range already final (the
     * gradient's own bits), and before the pass reads the operand there: an epilogue that zeroes w
     * leaves z = 0 — on the linear and the layer pass, fused and unfused shapes, one thread or two.
     */
    @Test
    void epilogueSeesEachFinishedRangeOnceBeforeTheOperandIsRead() {
        Random rnd = new Random(26);
        int[][] linear = {{12288, 209}, {37, 9}, {300, 4}};
        int[][] layers = {{20, 12288, 209}, {3, 50, 20}};
        for (int threads : new int[] {1, 2}) {
            for (int[] s : linear) {
                checkEpilogue(rnd, threads, 1, s[0], s[1]);
            }
            for (int[] s : layers) {
                checkEpilogue(rnd, threads, s[0], s[1], s[2]);
            }
        }
    }

    private static void checkEpilogue(Random rnd, int threads, int rows, int k, int n) {
        double[] x = Reference.random(rnd, k * n);
        double[] dz = Reference.random(rnd, rows * n);
        double[] w = Reference.random(rnd, rows * k);
        double scale = 1.0 / n;
        double[] want = new double[rows * k];
        MatMul.run(MatMul.Path.AUTO, MatMul.defaultEngine(), threads, rows, k, n, dz, 0, false, x, 0, true, want, 0,
                false);
        for (int q = 0; q < want.length; q++) {
            want[q] = scale * want[q];
        }
        double[] dw = new double[rows * k];
        int[] seen = new int[rows * k];
        int[] early = new int[rows * k]; // not yet the final gradient when handed over (checked here: may be a worker)
        ProductPass.Epilogue zero = (from, to) -> {
            for (int q = from; q < to; q++) {
                synchronized (seen) {
                    seen[q]++;
                    early[q] += Double.compare(want[q], dw[q]) != 0 ? 1 : 0;
                }
                w[q] = 0;
            }
        };
        double[] z = Reference.random(rnd, rows * n);
        if (rows == 1) {
            ProductPass.run(MatMul.defaultThin(), threads, k, n, x, dz, scale, zero, w, dw, z);
        } else {
            ProductPass.runLayer(MatMul.defaultEngine(), threads, rows, k, n, x, dz, scale, zero, w, dw, z);
        }
        String what = rows + "x" + k + "x" + n + " threads=" + threads;
        for (int q = 0; q < seen.length; q++) {
            assertEquals(1, seen[q], what + ": index " + q);
            assertEquals(0, early[q], what + ": dw[" + q + "] final when its range is handed over");
        }
        assertArrayEquals(new double[rows * n], z, 0.0, what + ": z from the zeroed operand");
    }
}
