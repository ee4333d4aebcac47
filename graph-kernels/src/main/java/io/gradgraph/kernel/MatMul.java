package io.gradgraph.kernel;

import java.util.Arrays;

/**
 * Dense double-precision matrix multiply on plain row-major {@code double[]} arrays:
 * <pre>{@code C(m×n) = op(A)(m×k) · op(B)(k×n)   (+ C if accumulate)}</pre>
 * where {@code op(A)} is A, stored m×k row-major, or — when {@code transA} — Aᵀ with A stored k×m
 * row-major (likewise {@code op(B)}: B stored k×n, or n×k when {@code transB}). Transposes are index
 * changes inside the kernel; callers never copy. C is m×n row-major. Dependency-free (plain Java),
 * so generated code can call it as a static method.
 *
 * <h2>Strategy (picked per call by size)</h2>
 * <ul>
 *   <li><b>Small and thin products</b> — {@code m·n·k <= 8192}, or {@code m <= 2}, or {@code n <= 2}
 *       (matrix-vector-like, memory-bound) — use straight loops: no packing, no allocation. Each
 *       element is accumulated over k in increasing order with separately rounded multiplies and
 *       adds (no FMA):
 *       {@code s = accumulate ? c[i][j] : 0.0; for (p = 0; p < k; p++) s += opA[i][p]*opB[p][j]; c[i][j] = s;}
 *       so the result is <em>bit-identical</em> to that naive sequential dot product. Thin products
 *       of at least 256K multiply-adds (a matrix-vector product over a large matrix) are split into
 *       bands of C computed on different threads, which changes nothing in any element's sum. Two
 *       exceptions to the sequential order, both fixed by the shape alone (never by threads, vector
 *       width, JDK or the transpose flags; see {@code Naive}), with errors far inside the blocked
 *       path's bound below: a long dot product (k ≥ 64, in any product that is not a row axpy, e.g.
 *       {@code dw = X·dzᵀ} or {@code dW = dZ·Aᵀ} over a batch of 64 or more) is summed in eight
 *       interleaved partial sums (the <em>wide</em> order: not bound by the add latency); a large
 *       row-axpy product {@code op(A)·B} (one or two rows of C, B not transposed, k ≥ 64,
 *       m·n·k ≥ 256K, e.g. {@code z = wᵀ·X}) sums each element in two sequential <em>halves</em>,
 *       over p &lt; ⌊k/2⌋ and over the rest, then adds them, so that two threads can each read half
 *       of B's rows ({@link DescentPass} computes that product the same way, fused with a gradient
 *       step).</li>
 *   <li><b>Larger products</b> use a cache-blocked, packed, register-tiled kernel (K is blocked, so a
 *       large operand is streamed from memory once) and, from about a million multiply-adds, split
 *       the output across a small lazily-created pool of daemon threads (no per-call thread
 *       creation). Packing buffers are per thread (about 2.5 MB each) and reused, so after warm-up
 *       a call allocates nothing. Bands of at most 32 rows of C (a layer of 20 units times a batch)
 *       do not pack op(B), whose elements they would use only that many times: B is read in place,
 *       directly or through the transposed product (see {@code Engine.gemmSmallM}), with the same
 *       k blocks and per-element operations, so the bits are the same as packed. A product of at
 *       most 32 rows with B not transposed, at least 8 k blocks and a million multiply-adds (the
 *       deep network's {@code W1·X}) sums its k blocks in two halves and adds them
 *       ({@code Engine.kSplit}; two threads take one half each, and {@link DescentPass#runLayer}
 *       computes the same product fused with a gradient step). The summation
 *       order differs from the naive one (k is blocked, and
 *       the vector kernel uses fused multiply-add), so results are not bit-identical to the small
 *       path; each element agrees with the naive loop within {@code 1e-12·Σ_p|a_ip·b_pj|} (the
 *       error is of order {@code sqrt(k)·2⁻⁵³} of that sum).</li>
 *   <li>When the {@code jdk.incubator.vector} module is in the boot layer (JVM started with
 *       {@code --add-modules jdk.incubator.vector}), the blocked kernel uses a {@code DoubleVector}
 *       FMA micro-kernel; otherwise a plain-Java one. The Vector API is never a hard dependency:
 *       without the module the Vector class is simply never loaded.</li>
 * </ul>
 *
 * <p>These static methods use the implementation chosen once for the JVM, {@link Kernels#get()}:
 * the Vector-API micro-kernels when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, plain Java otherwise (system properties
 * {@code gradgraph.matmul=auto|scalar|vector} and {@code gradgraph.threads=N}, see
 * {@link #implementation()}).
 *
 * <p>C must not overlap A or B. Calls from several threads at once are safe: they share only the
 * worker pool, and a caller that finds it busy computes its product on its own thread.
 */
public final class MatMul {

    /** Which algorithm to use; {@link Path#AUTO} picks by size. Package-private hook for tests/benchmarks. */
    enum Path {
        AUTO, NAIVE, BLOCKED
    }

    /** Products of at most this many multiply-adds (m·n·k) take the naive path. */
    static final long NAIVE_MAX_MULADDS = 8 * 1024;
    /** Products with at most this many rows or columns (matrix-vector-like) take the naive path. */
    static final int NAIVE_THIN = 2;
    /**
     * Products with at least this many multiply-adds (m·n·k) are split across threads. Measured on
     * 2 Zen 4 cores: handing work to a worker that is still spinning costs ~2 µs (2 threads win from
     * ~250K multiply-adds), waking a parked one ~30 µs (2 threads win from ~2M); 1M is the compromise.
     */
    static final long PARALLEL_MIN_MULADDS = 1L << 20;

    /**
     * Thin (naive-path) products with at least this many multiply-adds are split across threads:
     * they stream a large operand (X·v, vᵀ·X over a 12288×209 X: 2.6M multiply-adds, 20 MB) and one
     * core does not saturate the memory bandwidth.
     */
    static final long THIN_PARALLEL_MIN_MULADDS = 1L << 18;
    /** The smallest band (rows or columns of C) a thread of a split thin product gets. */
    private static final int THIN_MIN_BAND = 16;

    /** Shared job of the parallel paths; only used by the current owner of the worker pool. */
    private static final SplitJob JOB = new SplitJob();

    private MatMul() {
    }

    /**
     * C(m×n) = op(A)·op(B), or C += op(A)·op(B) when {@code accumulate}; all row-major, starting at the
     * given offsets.
     *
     * @param m          rows of op(A) and of C
     * @param n          columns of op(B) and of C
     * @param k          columns of op(A) = rows of op(B)
     * @param a          A, stored m×k (or k×m if {@code transA}) from {@code aOffset}
     * @param aOffset    index of A's first element in {@code a}
     * @param transA     use Aᵀ: A is stored k×m row-major
     * @param b          B, stored k×n (or n×k if {@code transB}) from {@code bOffset}
     * @param bOffset    index of B's first element in {@code b}
     * @param transB     use Bᵀ: B is stored n×k row-major
     * @param c          C, m×n from {@code cOffset}; must not overlap A or B
     * @param cOffset    index of C's first element in {@code c}
     * @param accumulate add the product to C instead of overwriting it
     * @throws IllegalArgumentException if a dimension or offset is negative, an array is null or too
     *                                  short, or C overlaps A or B in the same array
     */
    public static void multiply(int m, int n, int k,
                                double[] a, int aOffset, boolean transA,
                                double[] b, int bOffset, boolean transB,
                                double[] c, int cOffset, boolean accumulate) {
        KernelProvider.CHOSEN.multiply(m, n, k, a, aOffset, transA, b, bOffset, transB, c, cOffset, accumulate);
    }

    /**
     * C(m×n) = op(A)·op(B) (+ C), with all three matrices starting at index 0.
     *
     * @param m          rows of op(A) and of C
     * @param n          columns of op(B) and of C
     * @param k          columns of op(A) = rows of op(B)
     * @param a          A, stored m×k (or k×m if {@code transA})
     * @param transA     use Aᵀ: A is stored k×m row-major
     * @param b          B, stored k×n (or n×k if {@code transB})
     * @param transB     use Bᵀ: B is stored n×k row-major
     * @param c          C, m×n; must not be {@code a} or {@code b}
     * @param accumulate add the product to C instead of overwriting it
     * @throws IllegalArgumentException as for the full overload
     */
    public static void multiply(int m, int n, int k, double[] a, boolean transA, double[] b, boolean transB,
                                double[] c, boolean accumulate) {
        KernelProvider.CHOSEN.multiply(m, n, k, a, 0, transA, b, 0, transB, c, 0, accumulate);
    }

    /**
     * C(m×n) = A(m×k)·B(k×n): row-major, index 0, no transposes, C overwritten.
     *
     * @param m rows of A and of C
     * @param n columns of B and of C
     * @param k columns of A = rows of B
     * @param a A, m×k
     * @param b B, k×n
     * @param c C, m×n; must not be {@code a} or {@code b}
     * @throws IllegalArgumentException as for the full overload
     */
    public static void multiply(int m, int n, int k, double[] a, double[] b, double[] c) {
        KernelProvider.CHOSEN.multiply(m, n, k, a, 0, false, b, 0, false, c, 0, false);
    }

    /**
     * A short description of the implementation in use, e.g. {@code "vector(256-bit 4x8), 2 threads"}
     * or {@code "scalar, 1 thread"}.
     *
     * @return the engine (vector width and register tile, or scalar) and the thread count
     */
    public static String implementation() {
        return KernelProvider.CHOSEN.name();
    }

    /**
     * Whether the kernel runs on the Vector API: {@code jdk.incubator.vector} is in the boot layer and
     * {@code gradgraph.matmul} is not {@code scalar} ({@link Kernels#usesVectorApi()} of
     * {@link Kernels#get()}).
     *
     * @return true when {@link #implementation()} is a vector one
     */
    public static boolean usesVectorApi() {
        return KernelProvider.CHOSEN.usesVectorApi();
    }

    // ---------------------------------------------------------------- package-private hooks

    /** The plain-Java engine (always available). */
    static Engine scalarEngine() {
        return KernelProvider.PLAIN.engine;
    }

    /** The Vector-API engine, or null when {@code jdk.incubator.vector} is not in the boot layer. */
    static Engine vectorEngine() {
        return KernelProvider.VECTOR == null ? null : KernelProvider.VECTOR.engine;
    }

    /** The plain-Java thin loops. */
    static Thin scalarThin() {
        return scalarEngine().thin();
    }

    /** The thin loops {@link #multiply} uses (the Vector-API ones when available). */
    static Thin defaultThin() {
        return defaultEngine().thin();
    }

    /** The engine {@link #multiply} uses. */
    static Engine defaultEngine() {
        return KernelProvider.CHOSEN.engine;
    }

    /** The thread count {@link #multiply} uses. */
    static int defaultThreads() {
        return KernelProvider.CHOSEN.threads;
    }

    /** Which path AUTO takes for this shape (with the default engine and thread count). */
    static Path choosePath(int m, int n, int k) {
        if ((long) m * n * k <= NAIVE_MAX_MULADDS || m <= NAIVE_THIN || n <= NAIVE_THIN) {
            return Path.NAIVE;
        }
        return Path.BLOCKED;
    }

    /**
     * Full-control entry point: validates, then runs {@code path} with {@code engine} on up to
     * {@code threads} threads (the parallel split is only applied by the blocked path; AUTO also
     * applies the FLOP threshold, a forced BLOCKED path with threads &gt; 1 always splits).
     */
    static void run(Path path, Engine engine, int threads, int m, int n, int k,
                    double[] a, int aOffset, boolean transA, double[] b, int bOffset, boolean transB,
                    double[] c, int cOffset, boolean accumulate) {
        validate(m, n, k, a, aOffset, transA, b, bOffset, transB, c, cOffset);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                Arrays.fill(c, cOffset, cOffset + m * n, 0.0);
            }
            return;
        }
        if (path == Path.AUTO) {
            path = choosePath(m, n, k);
            if (path == Path.BLOCKED && (long) m * n * k < PARALLEL_MIN_MULADDS) {
                threads = 1;
            }
        }
        if (path == Path.NAIVE) {
            naive(engine.thin(), threads, m, n, k, a, aOffset, transA, b, bOffset, transB, c, cOffset, accumulate);
            return;
        }
        int half = engine.kSplit(m, n, k, transB);
        if (half < k && threads > 1) { // one half of the K blocks per thread (Engine.kSplit)
            WorkerPool pool = WorkerPool.acquire(2);
            if (pool != null) {
                double[] partial = Engine.Workspace.get().partial(m * n);
                JOB.setHalves(engine, engine.thin(), half, m, n, k, a, aOffset, transA, b, bOffset, c, cOffset, accumulate, partial);
                pool.runAndRelease(JOB, 2);
                Naive.addPartial(0, m, 0, n, n, partial, c, cOffset);
                return;
            }
        }
        int parts = threads <= 1 ? 1 : Math.min(threads,
                Math.max(ceilDiv(m, engine.mr), ceilDiv(n, engine.nr)));
        WorkerPool pool = parts > 1 ? WorkerPool.acquire(parts) : null;
        if (pool != null) {
            JOB.setGemm(engine, parts, m, n, k, a, aOffset, transA, b, bOffset, transB, c, cOffset, accumulate);
            pool.runAndRelease(JOB, parts);
            return;
        }
        engine.gemm(0, m, 0, n, m, n, k, a, aOffset, transA, b, bOffset, transB, c, cOffset, accumulate);
    }

    /**
     * The naive path; a thin product of at least {@link #THIN_PARALLEL_MIN_MULADDS} is split across
     * threads: a product in the halves order ({@link Naive#rowAxpySplit}) one half per thread, others
     * into bands of C (columns for row axpys, rows for column axpys, the longer side for dot
     * products). Neither changes the order of any element's sum, so the result does not depend on
     * the split.
     */
    private static void naive(Thin thin, int threads, int m, int n, int k, double[] a, int aOffset, boolean transA,
                              double[] b, int bOffset, boolean transB, double[] c, int cOffset, boolean accumulate) {
        if (threads > 1 && (long) m * n * k >= THIN_PARALLEL_MIN_MULADDS) {
            Naive.Order order = Naive.order(m, n, k, transA, transB);
            int half = order == Naive.Order.ROW_AXPY ? Naive.rowAxpySplit(m, n, k) : k;
            boolean splitN = order == Naive.Order.ROW_AXPY || (order != Naive.Order.COL_AXPY && n > m);
            int parts = half < k ? 2 : Math.min(threads, (splitN ? n : m) / THIN_MIN_BAND);
            WorkerPool pool = parts > 1 ? WorkerPool.acquire(parts) : null;
            if (pool != null) {
                if (half < k) {
                    double[] partial = Engine.Workspace.get().partial(m * n);
                    JOB.setHalves(null, thin, half, m, n, k, a, aOffset, transA, b, bOffset, c, cOffset, accumulate, partial);
                    pool.runAndRelease(JOB, parts);
                    Naive.addPartial(0, m, 0, n, n, partial, c, cOffset);
                } else {
                    JOB.setThin(thin, parts, splitN, m, n, k, a, aOffset, transA, b, bOffset, transB, c,
                            cOffset, accumulate);
                    pool.runAndRelease(JOB, parts);
                }
                return;
            }
        }
        Naive.multiply(m, n, k, a, aOffset, transA, b, bOffset, transB, c, cOffset, accumulate, thin);
    }

    private static void validate(int m, int n, int k, double[] a, int aOffset, boolean transA,
                                 double[] b, int bOffset, boolean transB, double[] c, int cOffset) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative dimension: m=" + m + ", n=" + n + ", k=" + k);
        }
        long aSize = (long) m * k;
        long bSize = (long) k * n;
        long cSize = (long) m * n;
        // cheap checks only; messages are built on failure (no allocation per call)
        if (a == null || aOffset < 0 || aOffset + aSize > a.length) {
            throw invalid("a", a, aOffset, transA ? k : m, transA ? m : k, m, n, k);
        }
        if (b == null || bOffset < 0 || bOffset + bSize > b.length) {
            throw invalid("b", b, bOffset, transB ? n : k, transB ? k : n, m, n, k);
        }
        if (c == null || cOffset < 0 || cOffset + cSize > c.length) {
            throw invalid("c", c, cOffset, m, n, m, n, k);
        }
        if ((c == a && overlaps(cOffset, cSize, aOffset, aSize))
                || (c == b && overlaps(cOffset, cSize, bOffset, bSize))) {
            throw new IllegalArgumentException("c overlaps " + (c == a ? "a" : "b")
                    + " (m=" + m + ", n=" + n + ", k=" + k + ")");
        }
    }

    private static IllegalArgumentException invalid(String name, double[] x, int offset, int rows, int cols,
                                                    int m, int n, int k) {
        String dims = "m=" + m + ", n=" + n + ", k=" + k;
        if (x == null) {
            return new IllegalArgumentException(name + " is null (" + dims + ")");
        }
        return new IllegalArgumentException(name + " too short: " + dims + " needs " + name + " as " + rows + "x" + cols
                + " = " + (long) rows * cols + " elements from offset " + offset + ", but " + name + ".length=" + x.length);
    }

    private static boolean overlaps(int off1, long len1, int off2, long len2) {
        return len1 > 0 && len2 > 0 && off1 < off2 + len2 && off2 < off1 + len1;
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /**
     * The parallel split of one product: part i computes a band of C's columns or rows, aligned to
     * the micro-tile for the blocked path ({@code engine != null}) or to 8 for the thin one; or, for
     * a product in the halves order ({@code partial != null}), part i computes half i.
     */
    private static final class SplitJob implements WorkerPool.Job {
        private Engine engine;
        private Thin thin;
        private int parts;
        private boolean splitN;
        private int unit;
        private int m;
        private int n;
        private int k;
        private double[] a;
        private int aOffset;
        private boolean transA;
        private double[] b;
        private int bOffset;
        private boolean transB;
        private double[] c;
        private int cOffset;
        private boolean accumulate;
        private int half;
        private double[] partial;

        /** A blocked product on {@code engine}. */
        void setGemm(Engine engine, int parts, int m, int n, int k, double[] a, int aOffset, boolean transA,
                     double[] b, int bOffset, boolean transB, double[] c, int cOffset, boolean accumulate) {
            set(parts, m, n, k, a, aOffset, transA, b, bOffset, transB, c, cOffset, accumulate);
            this.engine = engine;
            // split the larger dimension (each part then re-packs only the smaller operand),
            // unless it has fewer tiles than parts
            int tilesM = ceilDiv(m, engine.mr);
            int tilesN = ceilDiv(n, engine.nr);
            this.splitN = (n >= m && tilesN >= parts) || tilesM < parts;
            this.unit = splitN ? engine.nr : engine.mr;
        }

        /** A thin product on the naive path, split by columns ({@code splitN}) or rows. */
        void setThin(Thin thin, int parts, boolean splitN, int m, int n, int k, double[] a, int aOffset, boolean transA,
                     double[] b, int bOffset, boolean transB, double[] c, int cOffset, boolean accumulate) {
            set(parts, m, n, k, a, aOffset, transA, b, bOffset, transB, c, cOffset, accumulate);
            this.engine = null;
            this.thin = thin;
            this.splitN = splitN;
            this.unit = 8; // the dot kernel's row block; whole cache lines of a row axpy
        }

        /**
         * A product in the halves order, split at {@code half}: blocked on {@code engine}
         * ({@link Engine#kSplit}), or a row-axpy product when it is null ({@link Naive#rowAxpySplit});
         * half 1 goes to {@code partial}.
         */
        void setHalves(Engine engine, Thin thin, int half, int m, int n, int k, double[] a, int aOffset, boolean transA,
                       double[] b, int bOffset, double[] c, int cOffset, boolean accumulate, double[] partial) {
            set(2, m, n, k, a, aOffset, transA, b, bOffset, false, c, cOffset, accumulate);
            this.engine = engine;
            this.thin = thin;
            this.half = half;
            this.partial = partial;
        }

        private void set(int parts, int m, int n, int k, double[] a, int aOffset, boolean transA,
                         double[] b, int bOffset, boolean transB, double[] c, int cOffset, boolean accumulate) {
            this.parts = parts;
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.aOffset = aOffset;
            this.transA = transA;
            this.b = b;
            this.bOffset = bOffset;
            this.transB = transB;
            this.c = c;
            this.cOffset = cOffset;
            this.accumulate = accumulate;
        }

        @Override
        public void clear() {
            engine = null;
            thin = null;
            a = null;
            b = null;
            c = null;
            partial = null;
        }

        @Override
        public void run(int part) {
            if (partial != null && engine != null) {
                engine.gemmHalf(part, half, 0, m, 0, n, m, n, k, a, aOffset, transA, b, bOffset, c, cOffset,
                        accumulate, partial);
                return;
            }
            if (partial != null) {
                Naive.rowAxpyHalf(part, half, 0, m, 0, n, m, n, k, a, aOffset, transA, b, bOffset, c, cOffset,
                        accumulate, partial, thin);
                return;
            }
            int size = splitN ? n : m;
            int units = ceilDiv(size, unit);
            int lo = Math.min(size, (int) ((long) units * part / parts) * unit);
            int hi = Math.min(size, (int) ((long) units * (part + 1) / parts) * unit);
            if (lo >= hi) {
                return;
            }
            int m0 = splitN ? 0 : lo;
            int m1 = splitN ? m : hi;
            int n0 = splitN ? lo : 0;
            int n1 = splitN ? hi : n;
            if (engine != null) {
                engine.gemm(m0, m1, n0, n1, m, n, k, a, aOffset, transA, b, bOffset, transB, c, cOffset, accumulate);
            } else {
                Naive.multiply(m0, m1, n0, n1, m, n, k, a, aOffset, transA, b, bOffset, transB, c, cOffset,
                        accumulate, thin);
            }
        }
    }
}
