package io.gradgraph.core.kernel;

/**
 * The naive path: straight loops, no packing, no threads, no allocation. Used for small products
 * and for thin ones (one or two rows or columns), which are memory-bound anyway.
 *
 * <p>Every element is accumulated over k in increasing order from its initial value
 * (0.0, or the old {@code c[i][j]} when accumulating), with a separately rounded multiply and add
 * (no FMA):
 * <pre>{@code s = accumulate ? c[i][j] : 0.0;  for (p = 0; p < k; p++) s += opA[i][p] * opB[p][j];  c[i][j] = s;}</pre>
 * so results are bit-identical to that naive sequential dot product. Loops are only re-ordered
 * across <em>different</em> elements, choosing the order that reads memory contiguously:
 * <ul>
 *   <li>dot products in 2×4 blocks (8 independent sums, so not bound by add latency; 2×2, 2×1, 1×4
 *       and 1×1 at the edges) — the default;</li>
 *   <li>row axpys (i-p-j) for one or two rows of C over a non-transposed B, streaming B's rows once
 *       per row of C;</li>
 *   <li>column axpys (j-p-i) for one or two columns of C over a transposed A, streaming A's rows.</li>
 * </ul>
 */
final class Naive {

    private Naive() {
    }

    static void multiply(int m, int n, int k, double[] a, int aOff, boolean transA,
                         double[] b, int bOff, boolean transB, double[] c, int cOff, boolean accumulate) {
        if (m <= 2 && n >= 8 && !transB) {
            rowAxpy(m, n, k, a, aOff, transA, b, bOff, c, cOff, accumulate);
        } else if (n <= 2 && m >= 8 && transA) {
            colAxpy(m, n, k, a, aOff, b, bOff, transB, c, cOff, accumulate);
        } else {
            dots(m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, accumulate);
        }
    }

    /** i-p-j order over a non-transposed B: C row i += op(A)(i,p) · B row p. */
    private static void rowAxpy(int m, int n, int k, double[] a, int aOff, boolean transA,
                                double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
        final int aStep = transA ? m : 1;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            int ai = transA ? aOff + i : aOff + i * k;
            int bi = bOff;
            int p = 0;
            if (!accumulate) {
                // first term stored directly; "0.0 +" keeps a -0.0 product identical to s = 0.0; s += x
                double x = a[ai];
                for (int j = 0; j < n; j++) {
                    c[ci + j] = 0.0 + x * b[bi + j];
                }
                p = 1;
                ai += aStep;
                bi += n;
            }
            for (; p < k; p++, ai += aStep, bi += n) {
                double x = a[ai];
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x * b[bi + j];
                }
            }
        }
    }

    /** j-p-i order over a transposed A (stored k×m): C column j += A row p · op(B)(p,j). */
    private static void colAxpy(int m, int n, int k, double[] a, int aOff,
                                double[] b, int bOff, boolean transB, double[] c, int cOff, boolean accumulate) {
        for (int j = 0; j < n; j++) {
            int cj = cOff + j;
            int bj = transB ? bOff + j * k : bOff + j;
            int bStep = transB ? 1 : n;
            int ai = aOff;
            int p = 0;
            if (!accumulate) {
                double y = b[bj];
                for (int i = 0; i < m; i++) {
                    c[cj + i * n] = 0.0 + a[ai + i] * y;
                }
                p = 1;
                ai += m;
                bj += bStep;
            }
            for (; p < k; p++, ai += m, bj += bStep) {
                double y = b[bj];
                for (int i = 0; i < m; i++) {
                    c[cj + i * n] += a[ai + i] * y;
                }
            }
        }
    }

    /**
     * Dot-product order: each element is one sequential sum over p. Blocks of 2 rows × 4 columns
     * give 8 independent sums so the loop is not bound by the add latency.
     */
    private static void dots(int m, int n, int k, double[] a, int aOff, boolean transA,
                             double[] b, int bOff, boolean transB, double[] c, int cOff, boolean accumulate) {
        // element strides: op(A)(i,p) = a[aOff + i*aRow + p*aCol], op(B)(p,j) = b[bOff + p*bRow + j*bCol]
        final int aRow = transA ? 1 : k;
        final int aCol = transA ? m : 1;
        final int bRow = transB ? 1 : n;
        final int bCol = transB ? k : 1;
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            int a0 = aOff + i * aRow;
            int a1 = a0 + aRow;
            int c0 = cOff + i * n;
            int c1 = c0 + n;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = bOff + j * bCol;
                int b1 = b0 + bCol;
                int b2 = b1 + bCol;
                int b3 = b2 + bCol;
                double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
                if (accumulate) {
                    s00 = c[c0 + j]; s01 = c[c0 + j + 1]; s02 = c[c0 + j + 2]; s03 = c[c0 + j + 3];
                    s10 = c[c1 + j]; s11 = c[c1 + j + 1]; s12 = c[c1 + j + 2]; s13 = c[c1 + j + 3];
                }
                for (int p = 0; p < k; p++) {
                    double x0 = a[a0 + p * aCol];
                    double x1 = a[a1 + p * aCol];
                    int po = p * bRow;
                    double y0 = b[b0 + po], y1 = b[b1 + po], y2 = b[b2 + po], y3 = b[b3 + po];
                    s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
                    s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
                }
                c[c0 + j] = s00; c[c0 + j + 1] = s01; c[c0 + j + 2] = s02; c[c0 + j + 3] = s03;
                c[c1 + j] = s10; c[c1 + j + 1] = s11; c[c1 + j + 2] = s12; c[c1 + j + 3] = s13;
            }
            if (j + 2 <= n) {
                int b0 = bOff + j * bCol;
                int b1 = b0 + bCol;
                double s00 = 0, s01 = 0, s10 = 0, s11 = 0;
                if (accumulate) {
                    s00 = c[c0 + j]; s01 = c[c0 + j + 1]; s10 = c[c1 + j]; s11 = c[c1 + j + 1];
                }
                for (int p = 0; p < k; p++) {
                    double x0 = a[a0 + p * aCol];
                    double x1 = a[a1 + p * aCol];
                    int po = p * bRow;
                    double y0 = b[b0 + po], y1 = b[b1 + po];
                    s00 += x0 * y0; s01 += x0 * y1;
                    s10 += x1 * y0; s11 += x1 * y1;
                }
                c[c0 + j] = s00; c[c0 + j + 1] = s01;
                c[c1 + j] = s10; c[c1 + j + 1] = s11;
                j += 2;
            }
            for (; j < n; j++) {
                int b0 = bOff + j * bCol;
                double s0 = accumulate ? c[c0 + j] : 0.0;
                double s1 = accumulate ? c[c1 + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    double y = b[b0 + p * bRow];
                    s0 += a[a0 + p * aCol] * y;
                    s1 += a[a1 + p * aCol] * y;
                }
                c[c0 + j] = s0;
                c[c1 + j] = s1;
            }
        }
        if (i < m) {
            int a0 = aOff + i * aRow;
            int c0 = cOff + i * n;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = bOff + j * bCol;
                int b1 = b0 + bCol;
                int b2 = b1 + bCol;
                int b3 = b2 + bCol;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                if (accumulate) {
                    s0 = c[c0 + j]; s1 = c[c0 + j + 1]; s2 = c[c0 + j + 2]; s3 = c[c0 + j + 3];
                }
                for (int p = 0; p < k; p++) {
                    double x = a[a0 + p * aCol];
                    int po = p * bRow;
                    s0 += x * b[b0 + po]; s1 += x * b[b1 + po]; s2 += x * b[b2 + po]; s3 += x * b[b3 + po];
                }
                c[c0 + j] = s0; c[c0 + j + 1] = s1; c[c0 + j + 2] = s2; c[c0 + j + 3] = s3;
            }
            for (; j < n; j++) {
                int b0 = bOff + j * bCol;
                double s = accumulate ? c[c0 + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    s += a[a0 + p * aCol] * b[b0 + p * bRow];
                }
                c[c0 + j] = s;
            }
        }
    }
}
