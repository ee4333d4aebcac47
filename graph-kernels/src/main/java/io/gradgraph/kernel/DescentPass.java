package io.gradgraph.kernel;

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
        validate(1, k, n, x, dz, w, dw, z);
        if (Naive.order(1, n, k, true, false) != Naive.Order.ROW_AXPY) {
            // fewer than 8 examples: wᵀ·X is a dot product per column, summed wide when k ≥ 64
            unfused(MatMul.defaultEngine(), threads, 1, k, n, x, dz, scale, rate, w, dw, z);
            return;
        }
        int h = Naive.rowAxpySplit(1, n, k);
        if (h == k) {
            rows(thin, 0, k, k, n, x, dz, scale, rate, w, dw, z);
            return;
        }
        double[] partial = Engine.Workspace.get().partial(n);
        WorkerPool pool = threads > 1 ? WorkerPool.acquire(2) : null;
        if (pool != null) {
            JOB.set(thin, null, h, 1, k, n, x, dz, scale, rate, w, dw, z, partial);
            pool.runAndRelease(JOB, 2);
        } else {
            rows(thin, 0, h, k, n, x, dz, scale, rate, w, dw, z);
            rows(thin, h, k, k, n, x, dz, scale, rate, w, dw, partial);
        }
        Naive.addPartial(0, 1, 0, n, n, partial, z, 0);
    }

    // ------------------------------------------------------------------ a layer: z = W·X

    /**
     * The same fusion for a layer {@code z = W·X} (W rows×k, X k×n; the deep network's first layer,
     * W1 20×12288): bit-identical to the unfused sequence
     * <pre>{@code
     * MatMul.multiply(rows, k, n, dz, false, x, true, dw, false);              // dZ·Xᵀ
     * for (every q) { dw[q] = scale * dw[q]; w[q] = w[q] - rate * dw[q]; }
     * MatMul.multiply(rows, n, k, w, false, x, false, z, false);               // W·X
     * }</pre>
     * When W·X is summed in halves ({@link Engine#kSplit}: few rows, many K blocks), each K block of
     * X's rows is read once for its columns of dW (the backward product's per-element sums do not
     * depend on which columns are computed together), W's columns are updated, and the block's
     * terms of W·X are added while it is in cache; two threads take one half of X's rows each, as
     * MatMul's threads take the halves of W·X. Other shapes run the unfused sequence.
     *
     * @param rows  rows of W, dz, dw and z
     * @param k     rows of X, columns of W and dw
     * @param n     columns of X (examples), of dz and z
     * @param x     X, k×n row-major
     * @param dz    the gradient at z, rows×n (dZ of this step)
     * @param scale the factor of the gradient (1/m for a mean cost)
     * @param rate  the learning rate α
     * @param w     the weights, rows×k, updated in place
     * @param dw    receives the gradient {@code scale·dz·Xᵀ}, rows×k
     * @param z     receives {@code W·X} for the updated W, rows×n
     * @throws IllegalArgumentException if a size is negative, an array is null or too short, or
     *                                  {@code dw} or {@code z} is the same array as another operand
     */
    public static void runLayer(int rows, int k, int n, double[] x, double[] dz, double scale, double rate,
                                double[] w, double[] dw, double[] z) {
        runLayer(MatMul.defaultEngine(), MatMul.defaultThreads(), rows, k, n, x, dz, scale, rate, w, dw, z);
    }

    /**
     * Whether {@link #runLayer} fuses the two products for this shape (otherwise it runs them one
     * after the other, which a caller may as well leave to the graph).
     */
    public static boolean fusesLayer(int rows, int k, int n) {
        return fuses(MatMul.defaultEngine(), rows, k, n);
    }

    private static boolean fuses(Engine engine, int rows, int k, int n) {
        return engine.kSplit(rows, n, k, false) < k && MatMul.choosePath(rows, k, n) == MatMul.Path.BLOCKED
                && MatMul.choosePath(rows, n, k) == MatMul.Path.BLOCKED;
    }

    /** {@link #runLayer} with the given engine and at most {@code threads} threads (tests). */
    static void runLayer(Engine engine, int threads, int rows, int k, int n, double[] x, double[] dz, double scale,
                         double rate, double[] w, double[] dw, double[] z) {
        validate(rows, k, n, x, dz, w, dw, z);
        int h = engine.kSplit(rows, n, k, false);
        if (!fuses(engine, rows, k, n)) {
            unfused(engine, threads, rows, k, n, x, dz, scale, rate, w, dw, z);
            return;
        }
        double[] partial = Engine.Workspace.get().partial(rows * n);
        WorkerPool pool = threads > 1 ? WorkerPool.acquire(2) : null;
        if (pool != null) {
            JOB.set(null, engine, h, rows, k, n, x, dz, scale, rate, w, dw, z, partial);
            pool.runAndRelease(JOB, 2);
        } else {
            layerBlocks(engine, 0, h, rows, k, n, x, dz, scale, rate, w, dw, z);
            layerBlocks(engine, h, k, rows, k, n, x, dz, scale, rate, w, dw, partial);
        }
        Naive.addPartial(0, rows, 0, n, n, partial, z, 0);
    }

    /**
     * X's rows [p0, p1) (p0 a multiple of the engine's K block), block by block: their columns of
     * dW and W, then their terms of W·X, summed into {@code out} from 0.0 as {@link Engine#gemmHalf}
     * sums a half.
     */
    private static void layerBlocks(Engine e, int p0, int p1, int rows, int k, int n, double[] x, double[] dz,
                                    double scale, double rate, double[] w, double[] dw, double[] out) {
        for (int r0 = p0; r0 < p1; r0 += e.kc) {
            int r1 = Math.min(p1, r0 + e.kc);
            e.gemmSmallM(0, rows, r0, r1, rows, k, n, dz, 0, false, x, 0, true, dw, 0, false);
            for (int i = 0; i < rows; i++) {
                for (int q = i * k + r0, end = i * k + r1; q < end; q++) {
                    dw[q] = scale * dw[q];
                    w[q] = w[q] - rate * dw[q];
                }
            }
            // the block was just read by the backward product: no sweep
            e.smallMBlocks(r0, r1, false, 0, rows, 0, n, rows, n, k, w, 0, false, x, 0, out, 0, r0 > p0);
        }
    }

    // ------------------------------------------------------------------ shared

    /**
     * Rows [i0, i1) of X: their dw and w, and their terms of the next forward product summed
     * sequentially into {@code out[0..n)} from 0.0 (as the product's first term is added to 0.0).
     */
    private static void rows(Thin thin, int i0, int i1, int k, int n, double[] x, double[] dz, double scale,
                             double rate, double[] w, double[] dw, double[] out) {
        Arrays.fill(out, 0, n, 0.0);
        thin.descentRows(i0, i1, k, n, x, dz, scale, rate, w, dw, out);
    }

    /**
     * The step as three separate parts, for shapes the fused pass does not take: {@code dw = dz·Xᵀ}
     * (for a linear unit, rows = 1, the same dots as {@code X·dzᵀ}: the kernel's order does not depend
     * on the transpose flags), the update, and {@code z = W·X}.
     */
    private static void unfused(Engine engine, int threads, int rows, int k, int n, double[] x, double[] dz,
                                double scale, double rate, double[] w, double[] dw, double[] z) {
        MatMul.run(MatMul.Path.AUTO, engine, threads, rows, k, n, dz, 0, false, x, 0, true, dw, 0, false);
        for (int q = 0, size = rows * k; q < size; q++) {
            Thin.update(q, scale, rate, w, dw);
        }
        MatMul.run(MatMul.Path.AUTO, engine, threads, rows, n, k, w, 0, false, x, 0, false, z, 0, false);
    }

    /** Checks the sizes and arrays of a pass over W (rows×k; w is k×1 for a linear unit, rows = 1). */
    private static void validate(int rows, int k, int n, double[] x, double[] dz, double[] w, double[] dw,
                                 double[] z) {
        if (rows < 0 || k < 0 || n < 0) {
            throw new IllegalArgumentException("negative size: " + sizes(rows, k, n));
        }
        check("x", x, (long) k * n, rows, k, n);
        check("dz", dz, (long) rows * n, rows, k, n);
        check("w", w, (long) rows * k, rows, k, n);
        check("dw", dw, (long) rows * k, rows, k, n);
        check("z", z, (long) rows * n, rows, k, n);
        if (dw == x || dw == dz || dw == w || dw == z || z == x || z == dz || z == w) {
            throw new IllegalArgumentException("dw and z must be arrays of their own (" + sizes(rows, k, n) + ")");
        }
    }

    private static String sizes(int rows, int k, int n) {
        return (rows == 1 ? "" : "rows=" + rows + ", ") + "k=" + k + ", n=" + n;
    }

    private static void check(String name, double[] a, long size, int rows, int k, int n) {
        if (a == null || a.length < size) {
            throw new IllegalArgumentException(name + (a == null ? " is null" : " too short: " + a.length
                    + " elements, needs " + size) + " (" + sizes(rows, k, n) + ")");
        }
    }

    /**
     * The two halves of a pass: part 0 X's rows [0, h) into z, part 1 rows [h, k) into partial; for a
     * linear unit on {@code thin}'s loops, for a layer (rows×k weights) on {@code engine}.
     */
    private static final class Pass implements WorkerPool.Job {
        private Thin thin;
        private Engine engine;
        private int h;
        private int rows;
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

        /** A linear unit's pass ({@code thin}, rows = 1) or a layer's ({@code engine}); the other is null. */
        void set(Thin thin, Engine engine, int h, int rows, int k, int n, double[] x, double[] dz, double scale,
                 double rate, double[] w, double[] dw, double[] z, double[] partial) {
            this.thin = thin;
            this.engine = engine;
            this.h = h;
            this.rows = rows;
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
            int p0 = part == 0 ? 0 : h;
            int p1 = part == 0 ? h : k;
            double[] out = part == 0 ? z : partial;
            if (engine != null) {
                layerBlocks(engine, p0, p1, rows, k, n, x, dz, scale, rate, w, dw, out);
            } else {
                rows(thin, p0, p1, k, n, x, dz, scale, rate, w, dw, out);
            }
        }

        @Override
        public void clear() {
            thin = null;
            engine = null;
            x = null;
            dz = null;
            w = null;
            dw = null;
            z = null;
            partial = null;
        }
    }
}
