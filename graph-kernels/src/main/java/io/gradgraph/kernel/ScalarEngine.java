package io.gradgraph.kernel;

/**
 * Plain-Java blocked engine: a 4×4 register tile of scalar accumulators (16 independent
 * multiply-add chains, so the loop is throughput- rather than latency-bound). No {@code Math.fma}:
 * on CPUs without FMA it would fall back to a very slow software path.
 */
final class ScalarEngine extends Engine {
    private final Thin thin = new Thin();

    ScalarEngine() {
        super(4, 4, 256, 128, 1024, 4, 32);
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
    void packBRows(double[] bp, int stride, double[] b, int src, int n, int kcb, int ncb) {
        // 4-wide pieces: explicit copies beat System.arraycopy's call overhead
        int full = ncb & ~3;
        for (int p = 0; p < kcb; p++, src += n) {
            int d = p * 4;
            for (int jr = 0; jr < full; jr += 4, d += stride) {
                int s = src + jr;
                bp[d] = b[s];
                bp[d + 1] = b[s + 1];
                bp[d + 2] = b[s + 2];
                bp[d + 3] = b[s + 3];
            }
            if (full < ncb) {
                for (int j = 0; j < 4; j++) {
                    bp[d + j] = full + j < ncb ? b[src + full + j] : 0.0;
                }
            }
        }
    }

    @Override
    void kernel(int kc, double[] a, int i0, int i1, int i2, int i3, int aps, double[] bp, int bOff, int ldb,
                double[] c, int cOff, int ldc, boolean add) {
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        int bi = bOff;
        for (int p = 0; p < kc; p++, i0 += aps, i1 += aps, i2 += aps, i3 += aps, bi += ldb) {
            double a0 = a[i0], a1 = a[i1], a2 = a[i2], a3 = a[i3];
            double b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        int r0 = cOff, r1 = cOff + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (add) {
            c[r0] += c00; c[r0 + 1] += c01; c[r0 + 2] += c02; c[r0 + 3] += c03;
            c[r1] += c10; c[r1 + 1] += c11; c[r1 + 2] += c12; c[r1 + 3] += c13;
            c[r2] += c20; c[r2 + 1] += c21; c[r2 + 2] += c22; c[r2 + 3] += c23;
            c[r3] += c30; c[r3 + 1] += c31; c[r3 + 2] += c32; c[r3 + 3] += c33;
        } else {
            c[r0] = c00; c[r0 + 1] = c01; c[r0 + 2] = c02; c[r0 + 3] = c03;
            c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
            c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
            c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
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
