package io.gradgraph.kernel;

/**
 * The two memory-bound loops of thin products, in plain Java; {@link VectorThin} overrides them with
 * Vector-API loops that give the same bits (it is loaded, like {@link VectorEngine}, only when
 * {@code jdk.incubator.vector} is in the boot layer).
 *
 * <ul>
 *   <li>{@link #rowAxpy}: one or two rows of C, or a short inner dimension, over a non-transposed B
 *       (e.g. {@code z = wᵀ·X}, {@code Z1 = W1·X} with two features), i-p-j order, each element a
 *       sequential sum over a range of p: all of k (the naive path's contract), or, for a large
 *       product, each of the two halves of the <em>halves</em> order ({@link Naive#rowAxpySplit}:
 *       {@code c = s1 + s2}, sequential sums over p &lt; ⌊k/2⌋ and over the rest; two threads each
 *       take one half of B's rows, and {@link DescentPass} adds B's rows in the same order);</li>
 *   <li>{@link #wideDots}: long dot products {@code c = A·v} with A's rows and v contiguous (e.g.
 *       {@code dw = X·dzᵀ}, or a column of {@code dW1 = dZ1·Xᵀ}; {@link #wideDotsStrided} for a
 *       transposed A or a strided v), where a sequential sum per element would be bound by the add
 *       latency.
 *       Each row's dot is summed in eight interleaved partial sums, in a fixed order that does not
 *       depend on the vector width, the thread count or the JDK (see {@link #wideDot}).</li>
 * </ul>
 */
class Thin {

    /** Number of interleaved partial sums of {@link #wideDot}. */
    static final int WIDE = 8;

    /** How the thin loops run, e.g. "scalar" or "vector(256-bit)". */
    String name() {
        return "scalar";
    }

    /**
     * Rows [i0, i1), columns [j0, j1) of C(m×n) (+)= Σ_{p0 ≤ p < p1} op(A)(i,p)·B(p,j), where op(A) is
     * m×k and B (k×n) is not transposed, in i-p-j order: C row i += op(A)(i,p)·B row p, four p at a time
     * ({@code c + x0·b0 + x1·b1 + x2·b2 + x3·b3} evaluates left to right, so every element is the
     * naive sequential sum). Bit-identical to {@code s = acc ? c : 0.0; for p in [p0, p1): s += a·b};
     * p0 &lt; p1 unless {@code accumulate}. The whole product is p0 = 0, p1 = k; {@link Naive} sums a
     * large one in two such ranges.
     */
    void rowAxpy(int i0, int i1, int j0, int j1, int p0, int p1, int m, int n, int k, double[] a, int aOff,
                 boolean transA, double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
        final int aStep = transA ? m : 1;
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * n;
            int ai = (transA ? aOff + i : aOff + i * k) + p0 * aStep;
            int bi = bOff + p0 * n;
            int p = p0;
            if (!accumulate) {
                // first term stored directly; "0.0 +" keeps a -0.0 product identical to s = 0.0; s += x
                double x = a[ai];
                for (int j = j0; j < j1; j++) {
                    c[ci + j] = 0.0 + x * b[bi + j];
                }
                p++;
                ai += aStep;
                bi += n;
            }
            for (; p + 4 <= p1; p += 4, ai += 4 * aStep, bi += 4 * n) {
                double x0 = a[ai];
                double x1 = a[ai + aStep];
                double x2 = a[ai + 2 * aStep];
                double x3 = a[ai + 3 * aStep];
                int b1 = bi + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                for (int j = j0; j < j1; j++) {
                    c[ci + j] = c[ci + j] + x0 * b[bi + j] + x1 * b[b1 + j] + x2 * b[b2 + j] + x3 * b[b3 + j];
                }
            }
            for (; p < p1; p++, ai += aStep, bi += n) {
                double x = a[ai];
                for (int j = j0; j < j1; j++) {
                    c[ci + j] += x * b[bi + j];
                }
            }
        }
    }

    /**
     * {@code c[cOff + i·ldc] (+)= wideDot(row i of A, v)} for rows i in [i0, i1) of A (row-major, k
     * columns, from {@code aOff}); v has k contiguous elements from {@code vOff}.
     */
    void wideDots(int i0, int i1, int k, double[] a, int aOff, double[] v, int vOff,
                  double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = i0; i < i1; i++) {
            double d = wideDot(a, aOff + i * k, v, vOff, k);
            int ci = cOff + i * ldc;
            c[ci] = accumulate ? c[ci] + d : d;
        }
    }

    /**
     * {@link DescentPass}'s rows [i0, i1) of X (k×n, row-major): for each row i,
     * {@code dw[i] = (X·dzᵀ)[i]} in the backward product's order ({@link Naive#order}: wide or
     * sequential), then {@code dw[i] = scale·dw[i]}, {@code w[i] = w[i] − rate·dw[i]}, then
     * {@code out += w[i]·X row i} (the forward product's row axpy, rows in increasing order, so each
     * element of out is the sequential sum it continues). Here in blocks of {@link DescentPass#BLOCK}
     * rows: the block's dots, its updates, its axpys.
     */
    void descentRows(int i0, int i1, int k, int n, double[] x, double[] dz, double scale, double rate,
                     double[] w, double[] dw, double[] out) {
        for (int i = i0; i < i1; i += DescentPass.BLOCK) {
            int end = Math.min(i1, i + DescentPass.BLOCK);
            Naive.multiply(i, end, 0, 1, k, 1, n, x, 0, false, dz, 0, true, dw, 0, false, this);
            for (int r = i; r < end; r++) {
                update(r, scale, rate, w, dw);
            }
            rowAxpy(0, 1, 0, n, i, end, 1, n, k, w, 0, true, x, 0, out, 0, true);
        }
    }

    /** Row r's gradient step, as {@code Optimizer.gd} takes it: {@code dw[r] = scale·dw[r]; w[r] −= rate·dw[r]}. */
    static void update(int r, double scale, double rate, double[] w, double[] dw) {
        dw[r] = scale * dw[r];
        w[r] = w[r] - rate * dw[r];
    }

    /**
     * {@link #wideDots} for operands read with strides: {@code c[cOff + i·ldc] (+)= wideDot(row i of
     * op(A), v)} for i in [i0, i1), where row i of op(A) has its elements at
     * {@code aOff + i·aRow + p·aCol} and v at {@code vOff + p·vStep} (a transposed A, whose rows are
     * A's columns; a column of a non-transposed B). Rare and small (columns next to each other share
     * cache lines, so a large A is still read from memory about once).
     */
    static void wideDotsStrided(int i0, int i1, int aRow, int aCol, int k, double[] a, int aOff, double[] v,
                                int vOff, int vStep, double[] c, int cOff, int ldc, boolean accumulate) {
        final int full = k / WIDE * WIDE;
        for (int i = i0; i < i1; i++) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            int ai = aOff + i * aRow;
            int vi = vOff;
            for (int p = 0; p < full; p += WIDE, ai += WIDE * aCol, vi += WIDE * vStep) {
                s0 += a[ai] * v[vi];
                s1 += a[ai + aCol] * v[vi + vStep];
                s2 += a[ai + 2 * aCol] * v[vi + 2 * vStep];
                s3 += a[ai + 3 * aCol] * v[vi + 3 * vStep];
                s4 += a[ai + 4 * aCol] * v[vi + 4 * vStep];
                s5 += a[ai + 5 * aCol] * v[vi + 5 * vStep];
                s6 += a[ai + 6 * aCol] * v[vi + 6 * vStep];
                s7 += a[ai + 7 * aCol] * v[vi + 7 * vStep];
            }
            double s = ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7));
            for (int p = full; p < k; p++, ai += aCol, vi += vStep) {
                s += a[ai] * v[vi];
            }
            int ci = cOff + i * ldc;
            c[ci] = accumulate ? c[ci] + s : s;
        }
    }

    /**
     * The dot product of x[x0..x0+k) and v[v0..v0+k) in the wide order: partial sums
     * {@code s_l = Σ x[p]·v[p]} over p ≡ l (mod 8), p below the last multiple of 8, each accumulated in
     * increasing p with separate multiplies and adds (starting from +0.0); then
     * {@code ((s0+s4) + (s1+s5)) + ((s2+s6) + (s3+s7))}; then the remaining k mod 8 terms added in order.
     */
    static double wideDot(double[] x, int x0, double[] v, int v0, int k) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int full = k / WIDE * WIDE;
        for (int p = 0; p < full; p += WIDE) {
            int xi = x0 + p;
            int vi = v0 + p;
            s0 += x[xi] * v[vi];
            s1 += x[xi + 1] * v[vi + 1];
            s2 += x[xi + 2] * v[vi + 2];
            s3 += x[xi + 3] * v[vi + 3];
            s4 += x[xi + 4] * v[vi + 4];
            s5 += x[xi + 5] * v[vi + 5];
            s6 += x[xi + 6] * v[vi + 6];
            s7 += x[xi + 7] * v[vi + 7];
        }
        return combine(x, x0, v, v0, full, k, s0 + s4, s1 + s5, s2 + s6, s3 + s7);
    }

    /**
     * The end of {@link #wideDot}, shared with {@link VectorThin}: from the pairwise sums
     * {@code t_i = s_i + s_{i+4}}, {@code (t0 + t1) + (t2 + t3)}, then the terms p = full..k-1 of
     * x[x0..]·v[v0..] added in order.
     */
    static double combine(double[] x, int x0, double[] v, int v0, int full, int k,
                          double t0, double t1, double t2, double t3) {
        double s = (t0 + t1) + (t2 + t3);
        for (int p = full; p < k; p++) {
            s += x[x0 + p] * v[v0 + p];
        }
        return s;
    }
}
