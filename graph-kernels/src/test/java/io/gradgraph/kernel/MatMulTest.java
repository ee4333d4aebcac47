package io.gradgraph.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MatMulTest {

    private static final boolean VECTOR_MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** Runs one case and fails with a description on mismatch. */
    private static void check(MatMul.Path path, Engine engine, int threads, int m, int n, int k,
                              boolean transA, boolean transB, boolean acc, int aOff, int bOff, int cOff,
                              Random rnd, boolean bitExact) {
        double[] a = Reference.random(rnd, aOff + m * k + 2);
        double[] b = Reference.random(rnd, bOff + k * n + 1);
        double[] c = Reference.random(rnd, cOff + m * n + 3);
        double[] got = c.clone();
        MatMul.run(path, engine, threads, m, n, k, a, aOff, transA, b, bOff, transB, got, cOff, acc);
        String err = Reference.mismatch(m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, acc, got, bitExact);
        assertNull(err, () -> path + " " + engine.name() + " threads=" + threads + ": " + err);
    }

    @Test
    void naivePathIsBitIdenticalToSequentialDotProducts() {
        Random rnd = new Random(1);
        for (int t = 0; t < 3000; t++) {
            int m = 1 + rnd.nextInt(12);
            int n = 1 + rnd.nextInt(12);
            int k = 1 + rnd.nextInt(12);
            check(MatMul.Path.NAIVE, MatMul.defaultEngine(), 1, m, n, k, rnd.nextBoolean(), rnd.nextBoolean(),
                    rnd.nextBoolean(), rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3), rnd, true);
        }
        // the thin shapes and loop orders (row axpy, column axpy) of the naive path
        int[][] thin = {{1, 300, 40}, {2, 64, 9}, {300, 1, 40}, {64, 2, 9}, {1, 1, 500}, {2, 2, 3}, {9, 7, 1}};
        for (int[] s : thin) {
            for (int combo = 0; combo < 8; combo++) {
                check(MatMul.Path.NAIVE, MatMul.defaultEngine(), 1, s[0], s[1], s[2], (combo & 1) != 0,
                        (combo & 2) != 0, (combo & 4) != 0, 1, 2, 3, rnd, true);
            }
        }
    }

    @Test
    void autoPathIsBitIdenticalForSmallAndThinProducts() {
        Random rnd = new Random(2);
        int[][] shapes = {{4, 400, 2}, {1, 400, 4}, {4, 2, 400}, {4, 400, 1}, {20, 20, 20}, {1, 209, 300},
            {20, 1, 3000}, {3000, 2, 20}, {2, 3000, 20},
            // long dots in every product shape (the wide order): dW = dZ·Aᵀ of small layers
            {5, 7, 64}, {1, 5, 209}, {3, 3, 71},
            // thin products large enough to be split across threads (bands of rows or columns of C;
            // large row axpys over k ≥ 64 are summed in halves: see the next test)
            {1, 5000, 60}, {2, 3000, 63}, {1301, 2, 209}, {301, 2, 500}, {37, 2, 9000}, {2, 40000, 4},
            {2, 300, 100}, {3000, 2, 100}};
        for (int[] s : shapes) {
            assertEquals(MatMul.Path.NAIVE, MatMul.choosePath(s[0], s[1], s[2]), () -> java.util.Arrays.toString(s));
            for (int combo = 0; combo < 8; combo++) {
                check(MatMul.Path.AUTO, MatMul.defaultEngine(), Math.max(2, MatMul.defaultThreads()), s[0], s[1], s[2],
                        (combo & 1) != 0, (combo & 2) != 0, (combo & 4) != 0, 0, 0, 0, rnd, true);
            }
        }
        assertTrue(1L * 5000 * 60 >= MatMul.THIN_PARALLEL_MIN_MULADDS);
        assertEquals(MatMul.Path.BLOCKED, MatMul.choosePath(20, 209, 12288));
        assertEquals(MatMul.Path.BLOCKED, MatMul.choosePath(7, 209, 20));
    }

    @Test
    void largeMatrixVectorProductsUseTheWideOrderOnEveryPathAndThreadCount() {
        Random rnd = new Random(7);
        int[][] shapes = {{4100, 64}, {1301, 209}, {1310, 201}, {37, 9000}, {12288, 209}, {263, 1000}};
        for (int[] s : shapes) {
            int m = s[0];
            int k = s[1];
            assertEquals(Naive.Order.WIDE_DOTS, Naive.order(m, 1, k, rnd.nextBoolean(), rnd.nextBoolean()));
            for (int combo = 0; combo < 8; combo++) {
                boolean transB = (combo & 1) != 0; // a 1×k row or a k×1 column: the same k numbers
                boolean acc = (combo & 2) != 0;
                boolean transA = (combo & 4) != 0;
                double[] a = Reference.random(rnd, 3 + m * k);
                double[] v = Reference.random(rnd, 1 + k);
                double[] c = Reference.random(rnd, 2 + m + 1);
                double[] want = Reference.wide(m, k, a, 3, transA, v, 1, c, 2, acc);
                for (int threads : new int[] {1, 2, 3}) {
                    double[] got = c.clone();
                    MatMul.run(MatMul.Path.AUTO, MatMul.defaultEngine(), threads, m, 1, k, a, 3, transA, v, 1, transB,
                            got, 2, acc);
                    assertArrayEquals(want, got, 0.0, () -> "m=" + m + " k=" + k + " threads=" + threads);
                    // and within the blocked path's contract of the sequential sum
                    String err = Reference.mismatch(m, 1, k, a, 3, transA, v, 1, transB, c, 2, acc, got, false);
                    assertNull(err, err);
                }
                if (!transA) {
                    for (Thin thin : new Thin[] {MatMul.scalarThin(), MatMul.defaultThin()}) {
                        double[] got = c.clone();
                        thin.wideDots(0, m, k, a, 3, v, 1, got, 2, 1, acc);
                        assertArrayEquals(want, got, 0.0, thin::name);
                    }
                }
            }
        }
        // every dot of 64 or more terms is wide, whatever the other sizes; shorter ones are sequential
        assertEquals(Naive.Order.DOTS, Naive.order(1000, 1, 63, false, false));
        assertEquals(Naive.Order.COL_AXPY, Naive.order(1000, 1, 63, true, false));
        assertEquals(Naive.Order.WIDE_DOTS, Naive.order(100, 1, 2000, false, false));
        assertEquals(Naive.Order.WIDE_DOTS, Naive.order(1000, 1, 209, true, false));
        assertEquals(Naive.Order.WIDE_DOTS, Naive.order(4, 2, 400, false, true));
        assertEquals(Naive.Order.WIDE_DOTS, Naive.order(1, 4, 400, false, true));
    }

    @Test
    void largeRowAxpyProductsSumInHalvesOnEveryPathAndThreadCount() {
        Random rnd = new Random(11);
        int[][] shapes = {{1, 209, 3000}, {1, 209, 1300}, {2, 301, 500}, {1, 9, 40000}, {2, 8, 16384},
            {1, 64, 4096}, {1, 209, 2001}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            assertEquals(Naive.Order.ROW_AXPY, Naive.order(m, n, k, rnd.nextBoolean(), false));
            assertEquals(k / 2, Naive.rowAxpySplit(m, n, k));
            for (int combo = 0; combo < 4; combo++) {
                boolean transA = (combo & 1) != 0;
                boolean acc = (combo & 2) != 0;
                double[] a = Reference.random(rnd, 3 + m * k);
                double[] b = Reference.random(rnd, 1 + k * n);
                double[] c = Reference.random(rnd, 2 + m * n + 1);
                double[] want = Reference.halves(m, n, k, k / 2, a, 3, transA, b, 1, c, 2, acc);
                for (int threads : new int[] {1, 2, 3}) {
                    double[] got = c.clone();
                    MatMul.run(MatMul.Path.AUTO, MatMul.defaultEngine(), threads, m, n, k, a, 3, transA, b, 1, false,
                            got, 2, acc);
                    assertArrayEquals(want, got, 0.0, () -> "m=" + m + " n=" + n + " k=" + k + " threads=" + threads);
                    // and within the blocked path's contract of the sequential sum
                    String err = Reference.mismatch(m, n, k, a, 3, transA, b, 1, false, c, 2, acc, got, false);
                    assertNull(err, err);
                }
                for (Thin thin : new Thin[] {MatMul.scalarThin(), MatMul.defaultThin()}) {
                    double[] got = c.clone();
                    Naive.multiply(m, n, k, a, 3, transA, b, 1, false, got, 2, acc, thin);
                    assertArrayEquals(want, got, 0.0, thin::name);
                }
            }
        }
        // below the limits, and for other orders, the sums stay sequential
        assertEquals(63, Naive.rowAxpySplit(1, 5000, 63));
        assertEquals(300, Naive.rowAxpySplit(1, 200, 300));
        assertEquals(3000, Naive.rowAxpySplit(3, 209, 3000));
        assertEquals(Naive.Order.WIDE_DOTS, Naive.order(1, 209, 3000, false, true));
    }

    @Test
    void vectorThinLoopsAreBitIdenticalToThePlainJavaOnes() {
        Random rnd = new Random(8);
        Thin scalar = MatMul.scalarThin();
        Thin thin = MatMul.defaultThin();
        assertEquals(VECTOR_MODULE, thin != scalar, thin.name());
        for (int t = 0; t < 300; t++) {
            int m = 1 + rnd.nextInt(6);
            int n = 8 + rnd.nextInt(70);
            int k = 1 + rnd.nextInt(m <= 2 ? 30 : 4);
            boolean transA = rnd.nextBoolean();
            boolean acc = rnd.nextBoolean();
            int j0 = rnd.nextInt(n / 2);
            int j1 = j0 + 1 + rnd.nextInt(n - j0);
            int p0 = rnd.nextInt(k);
            int p1 = p0 + 1 + rnd.nextInt(k - p0);
            double[] a = Reference.random(rnd, 1 + m * k);
            double[] b = Reference.random(rnd, 2 + k * n);
            double[] c = Reference.random(rnd, m * n);
            double[] want = c.clone();
            double[] got = c.clone();
            scalar.rowAxpy(0, m, j0, j1, p0, p1, m, n, k, a, 1, transA, b, 2, want, 0, acc);
            thin.rowAxpy(0, m, j0, j1, p0, p1, m, n, k, a, 1, transA, b, 2, got, 0, acc);
            assertArrayEquals(want, got, 0.0);
            // and both are the sequential sum over [p0, p1) on the band, untouched outside it
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double expect = c[i * n + j];
                    if (j >= j0 && j < j1) {
                        expect = acc ? expect : 0.0;
                        for (int p = p0; p < p1; p++) {
                            expect += Reference.opA(a, 1, transA, m, k, i, p) * b[2 + p * n + j];
                        }
                    }
                    assertEquals(Double.doubleToLongBits(expect), Double.doubleToLongBits(got[i * n + j]));
                }
            }
        }
    }

    @Test
    void signedZerosFollowTheNaiveOrder() {
        // (-1)*0 = -0.0; the naive sum 0.0 + -0.0 is +0.0, and so must every path be
        double[] a = {-1, -1, -1, -1};
        double[] b = new double[4 * 8];
        for (boolean acc : new boolean[] {false, true}) {
            double[] c = new double[4 * 8];
            java.util.Arrays.fill(c, -0.0);
            MatMul.run(MatMul.Path.NAIVE, MatMul.defaultEngine(), 1, 4, 8, 1, a, 0, false, b, 0, false, c, 0, acc);
            for (double x : c) {
                assertEquals(acc ? Double.doubleToLongBits(-0.0) : Double.doubleToLongBits(0.0),
                        Double.doubleToLongBits(x), "acc=" + acc);
            }
        }
        double[] c = new double[1 * 8];
        MatMul.multiply(1, 8, 4, a, new double[4 * 8], c);
        for (double x : c) {
            assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(x));
        }
    }

    @Test
    void blockedEnginesMatchNaiveOnRaggedShapesAllTransposesAndOffsets() {
        Random rnd = new Random(3);
        for (Engine e : Reference.engines()) {
            for (int t = 0; t < 400; t++) {
                int m = 1 + rnd.nextInt(40);
                int n = 1 + rnd.nextInt(40);
                int k = 1 + rnd.nextInt(40);
                check(MatMul.Path.BLOCKED, e, 1 + rnd.nextInt(3), m, n, k, rnd.nextBoolean(), rnd.nextBoolean(),
                        rnd.nextBoolean(), rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3), rnd, false);
            }
        }
    }

    /**
     * The plain-Java engine's blocked products, to the bit: each element summed over each K block of
     * {@code kc} as a chain from +0.0 with separately rounded multiplies and adds, the blocks' sums
     * added to C in order (the halves order where {@link Engine#kSplit} says so), on the packed and
     * the unpacked (few rows) paths, ragged tiles, both transposes, accumulate, one thread or two.
     */
    @Test
    void plainEngineSumsEachKBlockAsASequentialChain() {
        Random rnd = new Random(41);
        Engine e = MatMul.scalarEngine();
        int[][] shapes = {{20, 209, 600}, {37, 70, 300}, {5, 130, 2100}, {131, 67, 257}, {3, 1030, 9}, {20, 3000, 209}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (int combo = 0; combo < 8; combo++) {
                boolean transA = (combo & 1) != 0;
                boolean transB = (combo & 2) != 0;
                boolean accumulate = (combo & 4) != 0;
                double[] a = Reference.random(rnd, m * k);
                double[] b = Reference.random(rnd, k * n);
                double[] c0 = Reference.random(rnd, m * n);
                int h = e.kSplit(m, n, k, transB);
                double[] want = new double[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double c = accumulate ? c0[i * n + j] : 0.0;
                        double second = 0.0;
                        for (int p0 = 0; p0 < k; p0 += e.kc) {
                            double chain = 0.0;
                            for (int p = p0; p < Math.min(k, p0 + e.kc); p++) {
                                chain += Reference.opA(a, 0, transA, m, k, i, p) * Reference.opB(b, 0, transB, n, k, p, j);
                            }
                            if (p0 >= h) {
                                second = p0 == h ? chain : second + chain;
                            } else {
                                c = p0 == 0 && !accumulate ? chain : c + chain;
                            }
                        }
                        want[i * n + j] = h < k ? c + second : c;
                    }
                }
                for (int threads : new int[] {1, 2}) {
                    double[] got = c0.clone();
                    MatMul.run(MatMul.Path.BLOCKED, e, threads, m, n, k, a, 0, transA, b, 0, transB, got, 0, accumulate);
                    assertArrayEquals(want, got, 0.0, m + "x" + n + "x" + k + " combo=" + combo + " threads=" + threads);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void largerShapesThroughBlockedAndThreadedPaths(int threads) {
        Random rnd = new Random(4);
        // 20x300·300x209 (the network's shapes, smaller k), blocks crossing KC=256, MC, NC=1024 and tiles
        int[][] shapes = {{20, 209, 300}, {209, 20, 300}, {37, 45, 530}, {3, 1100, 17}, {200, 33, 260}, {97, 101, 5}};
        for (Engine e : Reference.engines()) {
            for (int[] s : shapes) {
                for (int combo = 0; combo < 8; combo++) {
                    check(MatMul.Path.BLOCKED, e, threads, s[0], s[1], s[2], (combo & 1) != 0, (combo & 2) != 0,
                            (combo & 4) != 0, combo % 3, 1, 2, rnd, false);
                }
            }
        }
    }

    @Test
    void publicOverloadsAgreeWithReference() {
        Random rnd = new Random(5);
        int m = 20;
        int n = 209;
        int k = 300;
        double[] a = Reference.random(rnd, m * k);
        double[] b = Reference.random(rnd, k * n);
        double[] c = new double[m * n];
        MatMul.multiply(m, n, k, a, b, c);
        assertNull(Reference.mismatch(m, n, k, a, 0, false, b, 0, false, new double[m * n], 0, false, c, false));

        double[] bt = Reference.random(rnd, n * k); // stored n×k, used transposed
        double[] c0 = Reference.random(rnd, m * n);
        double[] c2 = c0.clone();
        MatMul.multiply(m, n, k, a, false, bt, true, c2, true);
        assertNull(Reference.mismatch(m, n, k, a, 0, false, bt, 0, true, c0, 0, true, c2, false));

        double[] c3 = new double[5 + m * n];
        double[] a3 = new double[7 + k * m]; // stored k×m, used transposed
        System.arraycopy(Reference.random(rnd, k * m), 0, a3, 7, k * m);
        MatMul.multiply(m, n, k, a3, 7, true, b, 0, false, c3, 5, false);
        assertNull(Reference.mismatch(m, n, k, a3, 7, true, b, 0, false, new double[5 + m * n], 5, false, c3, false));
    }

    @Test
    void emptyAndZeroDepthProducts() {
        double[] c = {1, 2, 3, 4, 5, 6};
        MatMul.multiply(0, 3, 4, new double[0], new double[12], c);
        MatMul.multiply(2, 0, 4, new double[8], new double[0], c);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, c);
        MatMul.multiply(2, 3, 0, new double[0], false, new double[0], false, c, true);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, c);
        MatMul.multiply(2, 3, 0, new double[0], new double[0], c);
        assertArrayEquals(new double[6], c);
    }

    @Test
    void validationNamesDimensionsAndLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatMul.multiply(2, 3, 4, new double[7], new double[12], new double[6]));
        assertTrue(e.getMessage().contains("m=2") && e.getMessage().contains("n=3") && e.getMessage().contains("k=4")
                && e.getMessage().contains("a.length=7") && e.getMessage().contains("8"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> MatMul.multiply(2, 3, 4, new double[8], 0, false, new double[12], 1, true, new double[6], 0, false));
        assertTrue(e.getMessage().contains("b.length=12") && e.getMessage().contains("offset 1"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> MatMul.multiply(2, 3, 4, new double[8], new double[12], new double[5]));
        assertTrue(e.getMessage().contains("c.length=5"), e.getMessage());

        assertThrows(IllegalArgumentException.class,
                () -> MatMul.multiply(-1, 3, 4, new double[8], new double[12], new double[6]));
        assertThrows(IllegalArgumentException.class,
                () -> MatMul.multiply(2, 3, 4, new double[8], -1, false, new double[12], 0, false, new double[6], 0, false));
        assertThrows(IllegalArgumentException.class,
                () -> MatMul.multiply(2, 3, 4, null, new double[12], new double[6]));
        // huge dimensions must not overflow into a false "fits"
        assertThrows(IllegalArgumentException.class,
                () -> MatMul.multiply(1 << 16, 1 << 16, 1 << 16, new double[8], new double[12], new double[6]));

        double[] shared = new double[20];
        assertThrows(IllegalArgumentException.class,
                () -> MatMul.multiply(2, 2, 2, shared, 0, false, shared, 4, false, shared, 2, false));
        // disjoint regions of one array are fine
        MatMul.multiply(2, 2, 2, shared, 0, false, shared, 4, false, shared, 8, false);
    }

    @Test
    void implementationAndEngineSelection() {
        String impl = MatMul.implementation();
        assertNotNull(impl);
        assertTrue(impl.contains("thread"), impl);
        // the Vector engine is loaded exactly when the incubator module is in the boot layer
        assertEquals(VECTOR_MODULE, MatMul.vectorEngine() != null, impl);
        assertEquals("scalar", MatMul.scalarEngine().name());
        String mode = System.getProperty("gradgraph.matmul", "auto");
        if (mode.equals("scalar") || !VECTOR_MODULE) {
            assertTrue(impl.startsWith("scalar"), impl);
        } else {
            assertTrue(impl.startsWith("vector("), impl);
        }
    }

    @Test
    void noAllocationPerCallAfterWarmUp() {
        Random rnd = new Random(6);
        double[] a = Reference.random(rnd, 64 * 300);
        double[] b = Reference.random(rnd, 300 * 70);
        double[] c = new double[64 * 70];
        Engine scalar = MatMul.scalarEngine();
        Runnable[] calls = {
            () -> MatMul.run(MatMul.Path.NAIVE, scalar, 1, 4, 70, 2, a, 0, false, b, 0, false, c, 0, false),
            () -> MatMul.run(MatMul.Path.NAIVE, scalar, 1, 9, 7, 11, a, 0, true, b, 0, true, c, 0, true),
            () -> MatMul.run(MatMul.Path.BLOCKED, scalar, 1, 64, 70, 300, a, 0, false, b, 0, true, c, 0, false),
            () -> MatMul.run(MatMul.Path.BLOCKED, scalar, 2, 64, 70, 300, a, 0, true, b, 0, false, c, 0, true),
        };
        for (int call = 0; call < calls.length; call++) {
            // plain Java allocates nothing from the first window on (a few bytes of slack for the measuring)
            long allocated = Reference.leastAllocation(calls[call], 1);
            assertTrue(allocated < 1024, "call " + call + " allocated " + allocated + " bytes in 50 calls");
        }
    }

    /**
     * The default engine and thin loops (the Vector-API ones when the module is present) allocate
     * nothing once C2 has compiled them: a vector that C2 cannot keep in registers is boxed on the
     * heap, so this catches a kernel whose vectors escape. Vector code allocates while it is still
     * interpreted, so each call gets up to 40 windows of 50 calls to reach an allocation-free one.
     */
    @Test
    void defaultKernelsAllocateNothingOnceCompiled() {
        Random rnd = new Random(9);
        double[] a = Reference.random(rnd, 4101 * 67);
        double[] b = Reference.random(rnd, 4100 * 64);
        double[] c = new double[4100 * 64];
        Engine engine = MatMul.defaultEngine();
        Runnable[] calls = {
            () -> MatMul.run(MatMul.Path.BLOCKED, engine, 1, 20, 64, 200, a, 0, false, b, 0, false, c, 0, false),
            () -> MatMul.run(MatMul.Path.BLOCKED, engine, 1, 20, 64, 200, a, 0, true, b, 0, true, c, 0, true),
            () -> MatMul.run(MatMul.Path.AUTO, engine, 1, 1, 64, 4100, a, 0, true, b, 0, false, c, 0, false), // row axpy
            () -> MatMul.run(MatMul.Path.AUTO, engine, 1, 1, 209, 5, a, 0, false, b, 0, false, c, 0, true),   // small one
            () -> MatMul.run(MatMul.Path.AUTO, engine, 1, 4100, 1, 64, a, 0, false, b, 0, true, c, 0, false), // wide dots
            () -> MatMul.run(MatMul.Path.AUTO, engine, 1, 4101, 1, 67, a, 0, false, b, 0, false, c, 0, true),
        };
        for (int call = 0; call < calls.length; call++) {
            long least = Reference.leastAllocation(calls[call], 40);
            assertTrue(least < 1024, "call " + call + " (" + MatMul.implementation() + ") still allocates " + least
                    + " bytes per 50 calls");
        }
    }

    @Test
    void concurrentCallersShareThePoolSafely() throws Exception {
        int m = 40;
        int n = 150;
        int k = 120;
        ExecutorService exec = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                Callable<String> task = () -> {
                    Random rnd = new Random(seed);
                    for (int rep = 0; rep < 20; rep++) {
                        double[] a = Reference.random(rnd, m * k);
                        double[] b = Reference.random(rnd, k * n);
                        double[] c = new double[m * n];
                        Engine e = Reference.engines().get(rep % Reference.engines().size());
                        MatMul.run(MatMul.Path.BLOCKED, e, 2, m, n, k, a, 0, false, b, 0, true, c, 0, false);
                        String err = Reference.mismatch(m, n, k, a, 0, false, b, 0, true, new double[m * n], 0, false, c, false);
                        if (err != null) {
                            return err;
                        }
                    }
                    return null;
                };
                results.add(exec.submit(task));
            }
            for (Future<String> f : results) {
                assertNull(f.get());
            }
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void vectorPathIsExercisedWhenAvailable() {
        // Documents which engines this JVM run covers: the default surefire run has no
        // --add-modules (scalar only); the "vector" surefire execution adds jdk.incubator.vector.
        List<Engine> engines = Reference.engines();
        assertEquals(VECTOR_MODULE ? 2 : 1, engines.size());
        assertFalse(engines.get(0).name().startsWith("vector"));
    }
}
