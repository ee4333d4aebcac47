package io.gradgraph.kernel;

/**
 * The naive path: straight loops, no packing, no allocation. Used for small products and for thin
 * ones (one or two rows or columns), which are memory-bound; {@link MatMul} splits large thin
 * products into bands of C computed on different threads (the result does not depend on the split).
 *
 * <p>Every element is accumulated over k in increasing order from its initial value
 * (0.0, or the old {@code c[i][j]} when accumulating), with a separately rounded multiply and add
 * (no FMA):
 * <pre>{@code s = accumulate ? c[i][j] : 0.0;  for (p = 0; p < k; p++) s += opA[i][p] * opB[p][j];  c[i][j] = s;}</pre>
 * so results are bit-identical to that naive sequential dot product — except for two shapes, below.
 * Loops are only re-ordered across <em>different</em> elements, choosing the order that reads memory
 * contiguously:
 * <ul>
 *   <li>dot products in 2×4 blocks (8 independent sums, so not bound by the add latency; 2×2, 2×1,
 *       1×4 and 1×1 at the edges) — the default; for fewer than 4 columns, blocks of 8 rows × 1
 *       column, or of 4 rows × 2 columns when there are fewer than 8 rows;</li>
 *   <li>row axpys (i-p-j) for one or two rows of C, or an inner dimension of at most 4, over a
 *       non-transposed B ({@link Thin#rowAxpy});</li>
 *   <li>column axpys (j-p-i) for one or two columns of C over a transposed A, streaming A's rows;</li>
 *   <li>the exception, {@link Order#WIDE_DOTS}: a long dot product (k ≥ 64; any product that is
 *       not a row axpy, e.g. {@code dw = X·dzᵀ} or {@code dW1 = dZ1·Xᵀ} over a batch of 64 or more)
 *       sums each element in eight interleaved partial sums ({@link Thin#wideDot}), so that it is
 *       not bound by the add latency and vectorizes: a fixed order, the same with or without the
 *       Vector API, on any thread count and whether A or B is transposed or copied — but not the
 *       sequential one;</li>
 *   <li>the other exception, the <em>halves</em> order of a large row-axpy product {@code op(A)·B}
 *       (one or two rows of C, k ≥ 64, m·n·k ≥ {@link MatMul#THIN_PARALLEL_MIN_MULADDS}; e.g.
 *       {@code z = wᵀ·X}): each element is {@code s1 + s2}, where s1 is the sequential sum over
 *       {@code p < h = ⌊k/2⌋} from the initial value (0.0, or c when accumulating) and s2 the
 *       sequential sum over {@code p ≥ h} from 0.0 ({@link #rowAxpySplit}). Two threads each take
 *       one half (rows [0, h) and [h, k) of B); one thread computes both; either way the bits are the
 *       same. {@link DescentPass} computes the same product in the same order, row by row of B.</li>
 * </ul>
 */
final class Naive {

    private Naive() {
    }

    /** The loop order {@link #multiply} uses for a product of this shape. */
    enum Order {
        ROW_AXPY, COL_AXPY, DOTS, WIDE_DOTS
    }

    static Order order(int m, int n, int k, boolean transA, boolean transB) {
        if ((m <= 2 || k <= ROW_AXPY_MAX_K) && n >= 8 && !transB) {
            return Order.ROW_AXPY;
        }
        // whether A is transposed or not: the interpreter may pass a copied Aᵀ where generated code
        // passes A with the flag, and both must give the same bits
        if (k >= WIDE_MIN_K) {
            return Order.WIDE_DOTS;
        }
        if (n <= 2 && m >= 8 && transA) {
            return Order.COL_AXPY;
        }
        return Order.DOTS;
    }

    /**
     * Products with a short inner dimension (e.g. {@code W1·X} with two input features) take the row
     * axpys: B's few rows stay in cache and C is written in contiguous rows.
     */
    static final int ROW_AXPY_MAX_K = 4;

    /** Dot products at least this long take {@link Order#WIDE_DOTS}. */
    static final int WIDE_MIN_K = 64;

    /** Row-axpy products need at least this many rows of B to be summed in halves. */
    static final int HALVES_MIN_K = 64;

    /**
     * Where the sums of a {@link Order#ROW_AXPY} product of this shape split (the halves order, see
     * the class comment): {@code ⌊k/2⌋}, or k when they are sequential. Depends on the shape only.
     */
    static int rowAxpySplit(int m, int n, int k) {
        return m <= 2 && k >= HALVES_MIN_K && (long) m * n * k >= MatMul.THIN_PARALLEL_MIN_MULADDS ? k / 2 : k;
    }

    /**
     * Half {@code part} of the band {@code C[i0:i1, j0:j1]} of a row-axpy product summed in halves at
     * h: part 0 adds the terms p &lt; h to C (overwriting it unless {@code accumulate}), part 1 writes
     * the sums of the terms p ≥ h into {@code partial} (laid out as C, m×n from index 0). The two may
     * run concurrently; {@link #addPartial} then completes the band.
     */
    static void rowAxpyHalf(int part, int h, int i0, int i1, int j0, int j1, int m, int n, int k,
                            double[] a, int aOff, boolean transA, double[] b, int bOff, double[] c, int cOff,
                            boolean accumulate, double[] partial, Thin thin) {
        if (part == 0) {
            thin.rowAxpy(i0, i1, j0, j1, 0, h, m, n, k, a, aOff, transA, b, bOff, c, cOff, accumulate);
        } else {
            thin.rowAxpy(i0, i1, j0, j1, h, k, m, n, k, a, aOff, transA, b, bOff, partial, 0, false);
        }
    }

    /** {@code C[i][j] = C[i][j] + partial[i][j]} on the band: the end of the halves order. */
    static void addPartial(int i0, int i1, int j0, int j1, int n, double[] partial, double[] c, int cOff) {
        for (int i = i0; i < i1; i++) {
            for (int j = j0; j < j1; j++) {
                c[cOff + i * n + j] = c[cOff + i * n + j] + partial[i * n + j];
            }
        }
    }

    static void multiply(int m, int n, int k, double[] a, int aOff, boolean transA,
                         double[] b, int bOff, boolean transB, double[] c, int cOff, boolean accumulate, Thin thin) {
        multiply(0, m, 0, n, m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, accumulate, thin);
    }

    /**
     * Computes the band {@code C[i0:i1, j0:j1]} of the m×n×k product (the operands are those of the
     * whole product) with {@code thin}'s loops where they apply. Bands of one product may be computed
     * concurrently; the result does not depend on the bands.
     */
    static void multiply(int i0, int i1, int j0, int j1, int m, int n, int k,
                         double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
                         double[] c, int cOff, boolean accumulate, Thin thin) {
        switch (order(m, n, k, transA, transB)) {
            case ROW_AXPY -> {
                int h = rowAxpySplit(m, n, k);
                if (h == k) {
                    thin.rowAxpy(i0, i1, j0, j1, 0, k, m, n, k, a, aOff, transA, b, bOff, c, cOff, accumulate);
                } else { // the halves one after the other; MatMul runs them on two threads
                    double[] partial = Engine.Workspace.get().partial(m * n);
                    for (int part = 0; part < 2; part++) {
                        rowAxpyHalf(part, h, i0, i1, j0, j1, m, n, k, a, aOff, transA, b, bOff, c, cOff, accumulate,
                                partial, thin);
                    }
                    addPartial(i0, i1, j0, j1, n, partial, c, cOff);
                }
            }
            case COL_AXPY -> colAxpy(i0, i1, j0, j1, m, n, k, a, aOff, b, bOff, transB, c, cOff, accumulate);
            case WIDE_DOTS -> {
                for (int j = j0; j < j1; j++) {
                    // column j of op(B): contiguous when B is transposed (row j of B) or a single column
                    int vOff = transB ? bOff + j * k : bOff + j;
                    int vStep = transB || n == 1 ? 1 : n;
                    if (!transA && vStep == 1) {
                        thin.wideDots(i0, i1, k, a, aOff, b, vOff, c, cOff + j, n, accumulate);
                    } else {
                        Thin.wideDotsStrided(i0, i1, transA ? 1 : k, transA ? m : 1, k, a, aOff, b, vOff, vStep,
                                c, cOff + j, n, accumulate);
                    }
                }
            }
            default -> dots(i0, i1, j0, j1, m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, accumulate);
        }
    }

    /** j-p-i order over a transposed A (stored k×m): C column j += A row p · op(B)(p,j). */
    private static void colAxpy(int i0, int i1, int j0, int j1, int m, int n, int k, double[] a, int aOff,
                                double[] b, int bOff, boolean transB, double[] c, int cOff, boolean accumulate) {
        final int bStep = transB ? 1 : n;
        for (int j = j0; j < j1; j++) {
            int cj = cOff + j;
            int bj = transB ? bOff + j * k : bOff + j;
            int ai = aOff;
            int p = 0;
            if (!accumulate) {
                double y = b[bj];
                for (int i = i0; i < i1; i++) {
                    c[cj + i * n] = 0.0 + a[ai + i] * y;
                }
                p = 1;
                ai += m;
                bj += bStep;
            }
            for (; p < k; p++, ai += m, bj += bStep) {
                double y = b[bj];
                for (int i = i0; i < i1; i++) {
                    c[cj + i * n] += a[ai + i] * y;
                }
            }
        }
    }

    /**
     * Dot-product order: each element is one sequential sum over p. Blocks of 2 rows × 4 columns
     * (or 8 rows × 1 column when the band is narrower than 4 columns) give 8 independent sums so
     * the loop is not bound by the add latency.
     */
    private static void dots(int i0, int i1, int j0, int j1, int m, int n, int k, double[] a, int aOff,
                             boolean transA, double[] b, int bOff, boolean transB, double[] c, int cOff,
                             boolean accumulate) {
        // element strides: op(A)(i,p) = a[aOff + i*aRow + p*aCol], op(B)(p,j) = b[bOff + p*bRow + j*bCol]
        final int aRow = transA ? 1 : k;
        final int aCol = transA ? m : 1;
        final int bRow = transB ? 1 : n;
        final int bCol = transB ? k : 1;
        if (j1 - j0 < 4) {
            int j = j0;
            if (j + 2 <= j1 && i1 - i0 < 8) {
                pair(i0, i1, j, n, k, a, aOff, aRow, aCol, b, bOff + j * bCol, bCol, bRow, c, cOff, accumulate);
                j += 2;
            }
            for (; j < j1; j++) {
                column(i0, i1, j, n, k, a, aOff, aRow, aCol, b, bOff + j * bCol, bRow, c, cOff, accumulate);
            }
            return;
        }
        int i = i0;
        for (; i + 2 <= i1; i += 2) {
            int a0 = aOff + i * aRow;
            int a1 = a0 + aRow;
            int c0 = cOff + i * n;
            int c1 = c0 + n;
            int j = j0;
            for (; j + 4 <= j1; j += 4) {
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
            if (j + 2 <= j1) {
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
            for (; j < j1; j++) {
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
        if (i < i1) {
            int a0 = aOff + i * aRow;
            int c0 = cOff + i * n;
            int j = j0;
            for (; j + 4 <= j1; j += 4) {
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
            for (; j < j1; j++) {
                c[c0 + j] = dot(a, a0, aCol, b, bOff + j * bCol, bRow, k, accumulate ? c[c0 + j] : 0.0);
            }
        }
    }

    /**
     * Columns j and j+1 of C, rows [i0, i1) (fewer than 8 rows, e.g. {@code dW1 = dZ1·Xᵀ} with 4
     * hidden units and 2 features): blocks of 4 rows × 2 columns, 8 independent sequential sums.
     */
    private static void pair(int i0, int i1, int j, int n, int k, double[] a, int aOff, int aRow, int aCol,
                             double[] b, int b0, int bCol, int bRow, double[] c, int cOff, boolean accumulate) {
        final int b1 = b0 + bCol;
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int a0 = aOff + i * aRow;
            int a1 = a0 + aRow;
            int a2 = a1 + aRow;
            int a3 = a2 + aRow;
            int c0 = cOff + i * n + j;
            double s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
            if (accumulate) {
                s00 = c[c0]; s01 = c[c0 + 1]; s10 = c[c0 + n]; s11 = c[c0 + n + 1];
                s20 = c[c0 + 2 * n]; s21 = c[c0 + 2 * n + 1]; s30 = c[c0 + 3 * n]; s31 = c[c0 + 3 * n + 1];
            }
            for (int p = 0, pa = 0, pb = 0; p < k; p++, pa += aCol, pb += bRow) {
                double y0 = b[b0 + pb];
                double y1 = b[b1 + pb];
                double x0 = a[a0 + pa], x1 = a[a1 + pa], x2 = a[a2 + pa], x3 = a[a3 + pa];
                s00 += x0 * y0; s01 += x0 * y1; s10 += x1 * y0; s11 += x1 * y1;
                s20 += x2 * y0; s21 += x2 * y1; s30 += x3 * y0; s31 += x3 * y1;
            }
            c[c0] = s00; c[c0 + 1] = s01; c[c0 + n] = s10; c[c0 + n + 1] = s11;
            c[c0 + 2 * n] = s20; c[c0 + 2 * n + 1] = s21; c[c0 + 3 * n] = s30; c[c0 + 3 * n + 1] = s31;
        }
        for (; i < i1; i++) {
            int ai = aOff + i * aRow;
            int ci = cOff + i * n + j;
            double s0 = accumulate ? c[ci] : 0.0;
            double s1 = accumulate ? c[ci + 1] : 0.0;
            for (int p = 0, pa = 0, pb = 0; p < k; p++, pa += aCol, pb += bRow) {
                double x = a[ai + pa];
                s0 += x * b[b0 + pb];
                s1 += x * b[b1 + pb];
            }
            c[ci] = s0;
            c[ci + 1] = s1;
        }
    }

    /** Column j of C, rows [i0, i1): blocks of 8 rows, each a sequential dot with B's column j. */
    private static void column(int i0, int i1, int j, int n, int k, double[] a, int aOff, int aRow, int aCol,
                               double[] b, int b0, int bRow, double[] c, int cOff, boolean accumulate) {
        int i = i0;
        for (; i + 8 <= i1; i += 8) {
            int a0 = aOff + i * aRow;
            int a1 = a0 + aRow;
            int a2 = a1 + aRow;
            int a3 = a2 + aRow;
            int a4 = a3 + aRow;
            int a5 = a4 + aRow;
            int a6 = a5 + aRow;
            int a7 = a6 + aRow;
            int c0 = cOff + i * n + j;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            if (accumulate) {
                s0 = c[c0]; s1 = c[c0 + n]; s2 = c[c0 + 2 * n]; s3 = c[c0 + 3 * n];
                s4 = c[c0 + 4 * n]; s5 = c[c0 + 5 * n]; s6 = c[c0 + 6 * n]; s7 = c[c0 + 7 * n];
            }
            for (int p = 0, pa = 0, pb = b0; p < k; p++, pa += aCol, pb += bRow) {
                double y = b[pb];
                s0 += a[a0 + pa] * y; s1 += a[a1 + pa] * y; s2 += a[a2 + pa] * y; s3 += a[a3 + pa] * y;
                s4 += a[a4 + pa] * y; s5 += a[a5 + pa] * y; s6 += a[a6 + pa] * y; s7 += a[a7 + pa] * y;
            }
            c[c0] = s0; c[c0 + n] = s1; c[c0 + 2 * n] = s2; c[c0 + 3 * n] = s3;
            c[c0 + 4 * n] = s4; c[c0 + 5 * n] = s5; c[c0 + 6 * n] = s6; c[c0 + 7 * n] = s7;
        }
        for (; i < i1; i++) {
            int ci = cOff + i * n + j;
            c[ci] = dot(a, aOff + i * aRow, aCol, b, b0, bRow, k, accumulate ? c[ci] : 0.0);
        }
    }

    /** s + Σ_p a[a0 + p·aStep]·b[b0 + p·bStep], summed in order of p. */
    private static double dot(double[] a, int a0, int aStep, double[] b, int b0, int bStep, int k, double s) {
        for (int p = 0; p < k; p++) {
            s += a[a0 + p * aStep] * b[b0 + p * bStep];
        }
        return s;
    }
}
