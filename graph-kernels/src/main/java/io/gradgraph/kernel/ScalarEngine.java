package io.gradgraph.kernel;

/**
 * Plain-Java blocked engine, written so that C2 auto-vectorizes its micro-kernel: a 4×{@link #NR}
 * tile whose rows are summed in simple counted loops over j. C2 (JDK 17 to 25) vectorizes a loop
 * only when it can tell its stores from its loads, i.e. when all of them are in one array at
 * constant distances; so each step copies four rows of op(B) (System.arraycopy, an intrinsic) to
 * fixed places of a per-thread scratch array that also holds the tile's four accumulator rows, and
 * each accumulator row is then one axpy-shaped loop over four p:
 * {@code t[j] = t[j] + a0·b0[j] + a1·b1[j] + a2·b2[j] + a3·b3[j]}, evaluated left to right, so
 * every element is still the sequential chain over p from +0.0 that {@link Engine#kernel}
 * specifies, with separately rounded multiplies and adds (no {@code Math.fma}: without hardware FMA
 * it is very slow, and it would change the bits). The transposed micro-kernel (lanes along C's few
 * rows, too short a loop to vectorize) stays a 4×4 tile of scalar accumulators.
 */
final class ScalarEngine extends Engine {
    /** Tile columns: long enough a loop for C2's vectors (8 AVX-512 or 4 AVX2 lanes, unrolled). */
    static final int NR = 64;
    /** Scratch layout: four rows of op(B) at B0..B3, then the tile's four accumulator rows at T0..T3. */
    private static final int B0 = 0;
    private static final int B1 = NR;
    private static final int B2 = 2 * NR;
    private static final int B3 = 3 * NR;
    private static final int T0 = 4 * NR;
    private static final int T1 = 5 * NR;
    private static final int T2 = 6 * NR;
    private static final int T3 = 7 * NR;
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[8 * NR]);
    private final Thin thin = new Thin();

    ScalarEngine() {
        super(4, NR, 256, 128, 1024, 4, 32);
    }

    @Override
    String name() {
        return "scalar";
    }

    @Override
    Thin thin() {
        return thin;
    }

    @Override
    void kernel(int kc, double[] a, int i0, int i1, int i2, int i3, int aps, double[] b, int bOff, int ldb,
                double[] c, int cOff, int ldc, boolean add) {
        final double[] s = SCRATCH.get();
        for (int j = T0; j < T0 + 4 * NR; j++) {
            s[j] = 0.0;
        }
        int bi = bOff;
        int p = 0;
        final int step = 4 * aps;
        for (; p + 4 <= kc; p += 4, i0 += step, i1 += step, i2 += step, i3 += step, bi += 4 * ldb) {
            System.arraycopy(b, bi, s, B0, NR);
            System.arraycopy(b, bi + ldb, s, B1, NR);
            System.arraycopy(b, bi + 2 * ldb, s, B2, NR);
            System.arraycopy(b, bi + 3 * ldb, s, B3, NR);
            row4(s, T0, a[i0], a[i0 + aps], a[i0 + 2 * aps], a[i0 + 3 * aps]);
            row4(s, T1, a[i1], a[i1 + aps], a[i1 + 2 * aps], a[i1 + 3 * aps]);
            row4(s, T2, a[i2], a[i2 + aps], a[i2 + 2 * aps], a[i2 + 3 * aps]);
            row4(s, T3, a[i3], a[i3 + aps], a[i3 + 2 * aps], a[i3 + 3 * aps]);
        }
        for (; p < kc; p++, i0 += aps, i1 += aps, i2 += aps, i3 += aps, bi += ldb) {
            System.arraycopy(b, bi, s, B0, NR);
            row1(s, T0, a[i0]);
            row1(s, T1, a[i1]);
            row1(s, T2, a[i2]);
            row1(s, T3, a[i3]);
        }
        store(s, T0, c, cOff, add);
        store(s, T1, c, cOff + ldc, add);
        store(s, T2, c, cOff + 2 * ldc, add);
        store(s, T3, c, cOff + 3 * ldc, add);
    }

    /** Accumulator row t, four more terms: {@code t[j] = t[j] + x0·B0[j] + x1·B1[j] + x2·B2[j] + x3·B3[j]}. */
    private static void row4(double[] s, int t, double x0, double x1, double x2, double x3) {
        for (int j = 0; j < NR; j++) {
            s[t + j] = s[t + j] + x0 * s[B0 + j] + x1 * s[B1 + j] + x2 * s[B2 + j] + x3 * s[B3 + j];
        }
    }

    /** Accumulator row t, one more term: {@code t[j] = t[j] + x0·B0[j]}. */
    private static void row1(double[] s, int t, double x0) {
        for (int j = 0; j < NR; j++) {
            s[t + j] = s[t + j] + x0 * s[B0 + j];
        }
    }

    /** C's row (+)= accumulator row t. */
    private static void store(double[] s, int t, double[] c, int ci, boolean add) {
        if (add) {
            for (int j = 0; j < NR; j++) {
                c[ci + j] = c[ci + j] + s[t + j];
            }
        } else {
            System.arraycopy(s, t, c, ci, NR);
        }
    }

    @Override
    void kernelT(int kc, double[] x, int x0, int x1, int x2, int x3, double[] ap, int aOff, double[] t) {
        // t[r*4 + i] = sum_p x_r[p] * ap[p*4 + i]: element (i, r) of C, with kernel's operations for it
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        int ai = aOff;
        for (int p = 0; p < kc; p++, ai += 4) {
            double a0 = ap[ai], a1 = ap[ai + 1], a2 = ap[ai + 2], a3 = ap[ai + 3];
            double b0 = x[x0 + p], b1 = x[x1 + p], b2 = x[x2 + p], b3 = x[x3 + p];
            c00 += a0 * b0; c01 += a1 * b0; c02 += a2 * b0; c03 += a3 * b0;
            c10 += a0 * b1; c11 += a1 * b1; c12 += a2 * b1; c13 += a3 * b1;
            c20 += a0 * b2; c21 += a1 * b2; c22 += a2 * b2; c23 += a3 * b2;
            c30 += a0 * b3; c31 += a1 * b3; c32 += a2 * b3; c33 += a3 * b3;
        }
        t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03;
        t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
        t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23;
        t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33;
    }
}
