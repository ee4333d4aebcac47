package io.gradgraph.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The unpacked-B paths for few rows ({@link Engine#gemmSmallM}): bit-identical to the packed loop
 * nest ({@link Engine#gemmPacked}) for every transpose, accumulate flag, offset, ragged edge, K
 * block count and sub-rectangle, and within the documented bound of the naive loop.
 */
class SmallMPathTest {

    /** Every engine and transposed-tile variant this JVM can run. */
    private static List<Engine> engines() {
        List<Engine> list = new ArrayList<>(Reference.engines());
        if (MatMul.vectorEngine() != null) {
            try {
                Class<?> cls = Class.forName("io.gradgraph.kernel.VectorEngine");
                for (int v : new int[] {2, 3, 5}) {
                    list.add((Engine) cls.getDeclaredConstructor(int.class).newInstance(v));
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return list;
    }

    private static String describe(Engine e) {
        return e.name() + " tnr=" + e.tnr;
    }

    /**
     * Runs rows [m0, m1) × columns [n0, n1) through both loop nests on copies of one C and requires
     * identical bits everywhere; returns the small-M result.
     */
    private static double[] checkBitIdentical(Engine e, int m0, int m1, int n0, int n1, int m, int n, int k,
                                              double[] a, int aOff, boolean transA, double[] b, int bOff,
                                              boolean transB, double[] c, int cOff, boolean acc) {
        double[] packed = c.clone();
        double[] small = c.clone();
        e.gemmPacked(m0, m1, n0, n1, m, n, k, a, aOff, transA, b, bOff, transB, packed, cOff, acc);
        e.gemmSmallM(m0, m1, n0, n1, m, n, k, a, aOff, transA, b, bOff, transB, small, cOff, acc);
        for (int x = 0; x < c.length; x++) {
            if (Double.doubleToLongBits(packed[x]) != Double.doubleToLongBits(small[x])) {
                int xx = x;
                throw new AssertionError(String.format(
                        "%s: m=%d n=%d k=%d rows %d..%d cols %d..%d transA=%b transB=%b acc=%b offsets %d/%d/%d:"
                                + " c[%d] small=%s packed=%s", describe(e), m, n, k, m0, m1, n0, n1, transA, transB,
                        acc, aOff, bOff, cOff, xx, small[xx], packed[xx]));
            }
        }
        return small;
    }

    @Test
    void bitIdenticalToPackedPathOnRaggedShapesAllTransposesAndOffsets() {
        Random rnd = new Random(11);
        for (Engine e : engines()) {
            assertTrue(e.smallM >= 20, describe(e));
            for (int t = 0; t < 300; t++) {
                int m = 1 + rnd.nextInt(e.smallM);
                int n = 1 + rnd.nextInt(70);
                int k = 1 + rnd.nextInt(t % 5 == 0 ? 700 : 60); // some cross KC = 256 once or twice
                int aOff = rnd.nextInt(3);
                int bOff = rnd.nextInt(3);
                int cOff = rnd.nextInt(3);
                double[] a = Reference.random(rnd, aOff + m * k + rnd.nextInt(3));
                double[] b = Reference.random(rnd, bOff + k * n + rnd.nextInt(3));
                double[] c = Reference.random(rnd, cOff + m * n + rnd.nextInt(3));
                for (int combo = 0; combo < 8; combo++) {
                    boolean transA = (combo & 1) != 0;
                    boolean transB = (combo & 2) != 0;
                    boolean acc = (combo & 4) != 0;
                    double[] got = checkBitIdentical(e, 0, m, 0, n, m, n, k, a, aOff, transA, b, bOff, transB,
                            c, cOff, acc);
                    String err = Reference.mismatch(m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, acc, got,
                            false);
                    assertNull(err, () -> describe(e) + ": " + err);
                }
            }
        }
    }

    @Test
    void subRectanglesAsTheParallelSplitMakesThem() {
        Random rnd = new Random(12);
        for (Engine e : engines()) {
            for (int t = 0; t < 150; t++) {
                int m = 1 + rnd.nextInt(2 * e.smallM);
                int n = 1 + rnd.nextInt(90);
                int k = 1 + rnd.nextInt(300);
                int m0 = rnd.nextInt(m);
                int m1 = Math.min(m, m0 + 1 + rnd.nextInt(e.smallM));
                int n0 = rnd.nextInt(n);
                int n1 = n0 + 1 + rnd.nextInt(n - n0);
                double[] a = Reference.random(rnd, 1 + m * k);
                double[] b = Reference.random(rnd, 2 + k * n);
                double[] c = Reference.random(rnd, 3 + m * n);
                for (int combo = 0; combo < 8; combo++) {
                    checkBitIdentical(e, m0, m1, n0, n1, m, n, k, a, 1, (combo & 1) != 0, b, 2, (combo & 2) != 0,
                            c, 3, (combo & 4) != 0);
                }
            }
        }
    }

    @Test
    void edgeSizes() {
        Random rnd = new Random(13);
        for (Engine e : engines()) {
            int[] ms = {1, 2, 3, 4, 5, e.mr - 1, e.mr + 1, e.tnr - 1, e.tnr, e.tnr + 1, 2 * e.tnr + 1, e.smallM};
            int[] ns = {1, 3, 4, 5, e.nr - 1, e.nr, e.nr + 1, 2 * e.nr + 3};
            int[] ks = {1, 2, 255, 256, 257, 513};
            for (int m : ms) {
                if (m < 1 || m > e.smallM) {
                    continue;
                }
                for (int n : ns) {
                    for (int k : ks) {
                        double[] a = Reference.random(rnd, m * k);
                        double[] b = Reference.random(rnd, k * n);
                        double[] c = Reference.random(rnd, m * n);
                        for (int combo = 0; combo < 8; combo++) {
                            checkBitIdentical(e, 0, m, 0, n, m, n, k, a, 0, (combo & 1) != 0, b, 0, (combo & 2) != 0,
                                    c, 0, (combo & 4) != 0);
                        }
                    }
                }
            }
        }
    }

    /**
     * The deep network's big products (full batch and mini-batches): threaded public path, exact
     * (the packed nest in halves where the shape sums in halves, e.g. the full batch's W1·X).
     */
    @Test
    void networkShapesThroughThreadedPathAreBitIdenticalToPackedSingleThread() {
        Random rnd = new Random(14);
        int[][] shapes = {{20, 209, 12288, 0}, {20, 12288, 209, 1}, {20, 64, 12288, 0}, {20, 12288, 64, 1},
            {20, 17, 12288, 0}, {20, 12288, 17, 1}, {7, 20, 209, 1}, {7, 209, 20, 0}, {20, 209, 7, 0}};
        for (Engine e : engines()) {
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                boolean transB = s[3] == 1;
                double[] a = Reference.random(rnd, m * k);
                double[] b = Reference.random(rnd, k * n);
                for (boolean acc : new boolean[] {false, true}) {
                    double[] c = Reference.random(rnd, m * n);
                    int h = e.kSplit(m, n, k, transB);
                    double[] want = c.clone();
                    if (h < k) {
                        want = halvesByPackedNest(e, m, n, k, h, a, 0, false, b, 0, c, 0, acc);
                    } else {
                        e.gemmPacked(0, m, 0, n, m, n, k, a, 0, false, b, 0, transB, want, 0, acc);
                    }
                    for (int threads = 1; threads <= 2; threads++) {
                        double[] got = c.clone();
                        MatMul.run(MatMul.Path.BLOCKED, e, threads, m, n, k, a, 0, false, b, 0, transB, got, 0, acc);
                        for (int x = 0; x < got.length; x++) {
                            assertEquals(Double.doubleToLongBits(want[x]), Double.doubleToLongBits(got[x]),
                                    describe(e) + " " + java.util.Arrays.toString(s) + " acc=" + acc + " at " + x);
                        }
                    }
                }
            }
        }
    }

    @Test
    void noAllocationPerCallAfterWarmUp() {
        Random rnd = new Random(15);
        double[] a = Reference.random(rnd, 20 * 600);
        double[] b = Reference.random(rnd, 600 * 70);
        double[] c = new double[20 * 70];
        for (Engine e : engines()) {
            Runnable[] calls = {
                () -> MatMul.run(MatMul.Path.BLOCKED, e, 1, 20, 70, 600, a, 0, false, b, 0, false, c, 0, false),
                () -> MatMul.run(MatMul.Path.BLOCKED, e, 1, 20, 70, 600, a, 0, true, b, 0, true, c, 0, true),
                () -> MatMul.run(MatMul.Path.BLOCKED, e, 2, 19, 70, 600, a, 0, false, b, 0, true, c, 0, false),
            };
            for (int call = 0; call < calls.length; call++) {
                long allocated = Reference.leastAllocation(calls[call], 40);
                assertTrue(allocated < 1024, describe(e) + " call " + call + " allocated " + allocated + " bytes");
            }
        }
    }

    /**
     * Few rows, many K blocks (Engine.kSplit): each element is the packed nest's sum over the K
     * blocks before h plus its sum over the rest, written out here on copies of op(A)'s and B's
     * halves; the same on every thread count, transpose of A, accumulate flag and offset.
     */
    @Test
    void fewRowsManyBlocksSumInHalvesOnEveryThreadCount() {
        Random rnd = new Random(13);
        int[][] shapes = {{20, 209, 12288}, {5, 100, 2100}, {7, 37, 4097}, {1, 131, 9000}, {20, 209, 1801}};
        for (Engine e : Reference.engines()) {
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                int h = e.kSplit(m, n, k, false);
                // h: the first K-block boundary at or past k/2
                assertTrue(h < k && h % e.kc == 0 && 2 * h >= k && 2 * (h - e.kc) < k, e.name() + " h=" + h);
                for (int combo = 0; combo < 4; combo++) {
                    boolean transA = (combo & 1) != 0;
                    boolean acc = (combo & 2) != 0;
                    double[] a = Reference.random(rnd, 3 + m * k);
                    double[] b = Reference.random(rnd, 1 + k * n);
                    double[] c = Reference.random(rnd, 2 + m * n + 1);
                    double[] want = halvesByPackedNest(e, m, n, k, h, a, 3, transA, b, 1, c, 2, acc);
                    for (int threads : new int[] {1, 2, 3}) {
                        double[] got = c.clone();
                        MatMul.run(MatMul.Path.BLOCKED, e, threads, m, n, k, a, 3, transA, b, 1, false, got, 2, acc);
                        for (int x = 0; x < got.length; x++) {
                            if (Double.doubleToLongBits(want[x]) != Double.doubleToLongBits(got[x])) {
                                throw new AssertionError(String.format("%s m=%d n=%d k=%d transA=%b acc=%b threads=%d:"
                                        + " c[%d] = %s, want %s", e.name(), m, n, k, transA, acc, threads, x, got[x],
                                        want[x]));
                            }
                        }
                    }
                }
            }
        }
        // transposed B, more rows than smallM, too few blocks or too small: sequential blocks
        Engine e = MatMul.scalarEngine();
        assertEquals(12288, e.kSplit(20, 209, 12288, true));
        assertEquals(12288, e.kSplit(e.smallM + 1, 209, 12288, false));
        assertEquals(7 * e.kc, e.kSplit(20, 209, 7 * e.kc, false));
        assertEquals(9 * e.kc, e.kSplit(1, 2, 9 * e.kc, false));
    }

    /** C (+)= op(A)·B summed in halves at h, each half by the packed loop nest on compact copies. */
    private static double[] halvesByPackedNest(Engine e, int m, int n, int k, int h, double[] a, int aOff,
                                               boolean transA, double[] b, int bOff, double[] c, int cOff,
                                               boolean acc) {
        double[] out = c.clone();
        double[] second = new double[m * n];
        int[][] ranges = {{0, h}, {h, k}};
        for (int half = 0; half < 2; half++) {
            int p0 = ranges[half][0];
            int kk = ranges[half][1] - p0;
            double[] ah = new double[m * kk];
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < kk; p++) {
                    ah[i * kk + p] = Reference.opA(a, aOff, transA, m, k, i, p0 + p);
                }
            }
            double[] bh = java.util.Arrays.copyOfRange(b, bOff + p0 * n, bOff + (p0 + kk) * n);
            if (half == 0) {
                e.gemmPacked(0, m, 0, n, m, n, kk, ah, 0, false, bh, 0, false, out, cOff, acc);
            } else {
                e.gemmPacked(0, m, 0, n, m, n, kk, ah, 0, false, bh, 0, false, second, 0, false);
            }
        }
        for (int i = 0; i < m * n; i++) {
            out[cOff + i] = out[cOff + i] + second[i];
        }
        return out;
    }
}
