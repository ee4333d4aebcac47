package io.gradgraph.core.kernel;

import java.util.Arrays;

/**
 * One pass over X for a step of full-batch gradient descent on the weights {@code w} (k×1) of a
 * linear unit {@code z = wᵀ·X} (X k×n), fused with the forward product of the next step: for each
 * row i of X,
 * <pre>
 * dw[i] = scale·(X·dzᵀ)[i]          the backward product, as MatMul computes it
 * w[i]  = w[i] − rate·dw[i]         the update, as Optimizer.gd does it
 * z     = z + w[i]·X[i,:]           the next forward product wᵀ·X, as MatMul computes it
 * </pre>
 * while row i is in the L1 cache, so X is read from memory once per step instead of twice. The
 * results are bit-identical to the unfused sequence
 * <pre>{@code
 * MatMul.multiply(k, 1, n, x, false, dz, true, dw, false);                 // X·dzᵀ
 * for (i < k) { dw[i] = scale * dw[i]; w[i] = w[i] - rate * dw[i]; }
 * MatMul.multiply(1, n, k, w, true, x, false, z, false);                   // wᵀ·X
 * }</pre>
 * on any thread count, with or without the Vector API: the dots use the backward product's order
 * (wide or sequential, {@link Naive#order}) row by row, and the forward product's terms are added
 * in its order, sequential or in halves ({@link Naive#rowAxpySplit}). With halves, two threads each
 * take half of X's rows (rows [0, h) and [h, k)), as MatMul's threads take the halves of wᵀ·X.
 * Calls allocate nothing once warm. Like {@link MatMul}, calls from several threads at once are
 * safe; a caller that finds the worker pool busy runs alone.
 */
public final class DescentPass {

    /** Rows of X handled per round of dots, update and axpy: 8 rows of 209 doubles fill 13 KB of L1. */
    static final int BLOCK = 8;

    /** Shared job of the two-thread pass; only used by the current owner of the worker pool. */
    private static final Pass JOB = new Pass();

    private DescentPass() {
    }

    /**
     * One fused step; see the class comment.
     *
     * @param k     rows of X, elements of w and dw
     * @param n     columns of X (examples), elements of dz and z
     * @param x     X, k×n row-major
     * @param dz    the gradient at z, n elements (dZ of this step)
     * @param scale the factor of the gradient (1/m for a mean cost)
     * @param rate  the learning rate α
     * @param w     the weights, updated in place
     * @param dw    receives the gradient {@code scale·X·dzᵀ}
     * @param z     receives {@code wᵀ·X} for the updated w
     * @throws IllegalArgumentException if a size is negative, an array is null or too short, or
     *                                  {@code dw} or {@code z} is the same array as another operand
     */
    public static void run(int k, int n, double[] x, double[] dz, double scale, double rate,
                           double[] w, double[] dw, double[] z) {
        run(MatMul.defaultThin(), MatMul.defaultThreads(), k, n, x, dz, scale, rate, w, dw, z);
    }

    /** {@link #run} with the given thin loops and at most {@code threads} threads (tests). */
    static void run(Thin thin, int threads, int k, int n, double[] x, double[] dz, double scale, double rate,
                    double[] w, double[] dw, double[] z) {
        validate(k, n, x, dz, w, dw, z);
        int h = Naive.order(1, n, k, true, false) == Naive.Order.ROW_AXPY ? Naive.rowAxpySplit(1, n, k) : k;
        if (h == k) {
            rows(thin, 0, k, k, n, x, dz, scale, rate, w, dw, z);
            return;
        }
        double[] partial = Engine.Workspace.get().partial(n);
        WorkerPool pool = threads > 1 ? WorkerPool.acquire(2) : null;
        if (pool != null) {
            JOB.set(thin, h, k, n, x, dz, scale, rate, w, dw, z, partial);
            pool.runAndRelease(JOB, 2);
        } else {
            rows(thin, 0, h, k, n, x, dz, scale, rate, w, dw, z);
            rows(thin, h, k, k, n, x, dz, scale, rate, w, dw, partial);
        }
        Naive.addPartial(0, 1, 0, n, n, partial, z, 0);
    }

    /**
     * Rows [i0, i1) of X: their dw and w, and their terms of the next forward product summed
     * sequentially into {@code out[0..n)} from 0.0 (as the product's first term is added to 0.0).
     */
    private static void rows(Thin thin, int i0, int i1, int k, int n, double[] x, double[] dz, double scale,
                             double rate, double[] w, double[] dw, double[] out) {
        Arrays.fill(out, 0, n, 0.0);
        for (int i = i0; i < i1; i += BLOCK) {
            int end = Math.min(i1, i + BLOCK);
            Naive.multiply(i, end, 0, 1, k, 1, n, x, 0, false, dz, 0, true, dw, 0, false, thin);
            for (int r = i; r < end; r++) {
                dw[r] = scale * dw[r];
                w[r] = w[r] - rate * dw[r];
            }
            thin.rowAxpy(0, 1, 0, n, i, end, 1, n, k, w, 0, true, x, 0, out, 0, true);
        }
    }

    private static void validate(int k, int n, double[] x, double[] dz, double[] w, double[] dw, double[] z) {
        if (k < 0 || n < 0) {
            throw new IllegalArgumentException("negative size: k=" + k + ", n=" + n);
        }
        check("x", x, (long) k * n, k, n);
        check("dz", dz, n, k, n);
        check("w", w, k, k, n);
        check("dw", dw, k, k, n);
        check("z", z, n, k, n);
        if (dw == x || dw == dz || dw == w || dw == z || z == x || z == dz || z == w) {
            throw new IllegalArgumentException("dw and z must be arrays of their own (k=" + k + ", n=" + n + ")");
        }
    }

    private static void check(String name, double[] a, long size, int k, int n) {
        if (a == null || a.length < size) {
            throw new IllegalArgumentException(name + (a == null ? " is null" : " too short: " + a.length
                    + " elements, needs " + size) + " (k=" + k + ", n=" + n + ")");
        }
    }

    /** The two halves of a pass: part 0 rows [0, h) into z, part 1 rows [h, k) into partial. */
    private static final class Pass implements WorkerPool.Job {
        private Thin thin;
        private int h;
        private int k;
        private int n;
        private double[] x;
        private double[] dz;
        private double scale;
        private double rate;
        private double[] w;
        private double[] dw;
        private double[] z;
        private double[] partial;

        void set(Thin thin, int h, int k, int n, double[] x, double[] dz, double scale, double rate,
                 double[] w, double[] dw, double[] z, double[] partial) {
            this.thin = thin;
            this.h = h;
            this.k = k;
            this.n = n;
            this.x = x;
            this.dz = dz;
            this.scale = scale;
            this.rate = rate;
            this.w = w;
            this.dw = dw;
            this.z = z;
            this.partial = partial;
        }

        @Override
        public void run(int part) {
            if (part == 0) {
                rows(thin, 0, h, k, n, x, dz, scale, rate, w, dw, z);
            } else {
                rows(thin, h, k, k, n, x, dz, scale, rate, w, dw, partial);
            }
        }

        @Override
        public void clear() {
            thin = null;
            x = null;
            dz = null;
            w = null;
            dw = null;
            z = null;
            partial = null;
        }
    }
}
