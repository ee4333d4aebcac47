package io.gradgraph.kernel;

/**
 * A cache-blocked, packed, register-tiled GEMM (the Goto/BLIS loop nest) around an abstract
 * {@code MR×NR} micro-kernel. Subclasses supply the micro-kernel (plain Java or Vector API).
 *
 * <p>Loop nest for one rectangle {@code C[m0:m1, n0:n1]} of the output:
 * <pre>
 * for jc in n0..n1 step NC          (B panel, L3)
 *   for pc in 0..k step KC          (K blocking: every element of op(B) is packed exactly once)
 *     pack op(B)[pc:pc+kc, jc:jc+nc] into NR-wide micro-panels
 *     for ic in m0..m1 step MC      (A block, L2)
 *       pack op(A)[ic:ic+mc, pc:pc+kc] into MR-tall micro-panels
 *       for jr step NR, ir step MR  (B micro-panel stays in L1 while the A micro-panels stream by)
 *         micro-kernel: C tile (+)= Ap[ir] · Bp[jr]
 * </pre>
 * Ragged edges are handled by zero-padding the packed panels and computing partial tiles into a
 * scratch tile that is then merged into C, so the micro-kernel only ever sees full tiles.
 *
 * <p>Row bands of at most {@link #smallM} rows (the network's m = 20) skip this nest: there every
 * packed element of op(B) would be used only m times, and copying B (X, 20 MB) cost more than the
 * multiply-adds. {@link #gemmSmallM} reads op(B) in place instead — directly by the micro-kernel when
 * B is not transposed, through the transposed problem Cᵀ = op(B)ᵀ·op(A)ᵀ ({@link #kernelT}) when
 * it is — with the same K blocks and per-element operation sequence, so both nests give bit-identical
 * results.
 * Instances are immutable and thread-safe; all scratch space lives in a per-thread {@link Workspace}.
 */
abstract class Engine {

    /** Micro-tile rows. */
    final int mr;
    /** Micro-tile columns. */
    final int nr;
    /** K block (depth of the packed panels). */
    final int kc;
    /** M block (rows of op(A) packed at a time); a multiple of {@link #mr}. */
    final int mc;
    /** N block (columns of op(B) packed at a time); a multiple of {@link #nr}. */
    final int nc;
    /** Rows of the transposed micro-tile: columns of C (rows of the stored B) per {@link #kernelT} call. */
    static final int TMR = 4;
    /** Lanes of the transposed micro-tile: rows of C per {@link #kernelT} call (width of its A panels). */
    final int tnr;
    /**
     * Row bands of C up to this many rows take the unpacked-B paths ({@link #gemmSmallM}); at most
     * {@link #mc}. Zero disables them.
     */
    final int smallM;

    Engine(int mr, int nr, int kc, int mc, int nc, int tnr, int smallM) {
        if (mr != 4) {
            throw new IllegalArgumentException("the micro-kernels have 4 rows: mr=" + mr);
        }
        this.mr = mr;
        this.nr = nr;
        this.kc = kc;
        this.mc = Math.max(mr, mc / mr * mr);
        this.nc = Math.max(nr, nc / nr * nr);
        this.tnr = tnr;
        this.smallM = Math.min(smallM, this.mc);
    }

    /** Short description, e.g. {@code "vector(256-bit)"}. */
    abstract String name();

    /** The thin (naive-path) loops that go with this engine. */
    abstract Thin thin();

    /**
     * The micro-kernel (engines with mr = 4): for r &lt; 4, j &lt; nr,
     * {@code c[cOff + r*ldc + j] = (add ? c[...] : 0) + sum_{p<kc} a[ar + p*aps] * b[bOff + p*ldb + j]},
     * where ar is a0..a3 for r = 0..3. For a packed micro-panel ar = aOff + r and aps = mr; an A read
     * in place has ar at the start of row r and aps = 1 (or aps = m for a transposed A). {@code ldb}
     * is {@code nr} for a packed micro-panel, or the row length of a non-transposed B read in place.
     * Each element is one chain over p in increasing order, started from +0.0 and added to C (when
     * {@code add}) at the end.
     */
    abstract void kernel(int kc, double[] a, int a0, int a1, int a2, int a3, int aps, double[] b, int bOff, int ldb,
                         double[] c, int cOff, int ldc, boolean add);

    /**
     * The transposed micro-kernel, for {@code C = op(A)·B'ᵀ} with B' stored row-major and read in
     * place: for r &lt; {@link #TMR}, i &lt; tnr,
     * {@code t[r*tnr + i] = sum_{p<kc} x[xr + p] * ap[aOff + p*tnr + i]}, where xr is x0..x3 for
     * r = 0..3. It computes each element with exactly the operations
     * {@link #kernel} uses for it (same chain over p, same multiply-add or FMA; products commute), so
     * the two paths agree bit for bit.
     */
    abstract void kernelT(int kc, double[] x, int x0, int x1, int x2, int x3, double[] ap, int aOff, double[] t);

    /**
     * Computes rows {@code [m0, m1)} and columns {@code [n0, n1)} of C = op(A)·op(B) (+ C). {@code k > 0}.
     * Arguments were validated by {@link MatMul}.
     */
    final void gemm(int m0, int m1, int n0, int n1, int m, int n, int k,
                    double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
                    double[] c, int cOff, boolean accumulate) {
        int h = kSplit(m, n, k, transB);
        if (h < k) { // the halves one after the other; MatMul runs them on two threads
            double[] partial = Workspace.get().partial(m * n);
            gemmHalf(0, h, m0, m1, n0, n1, m, n, k, a, aOff, transA, b, bOff, c, cOff, accumulate, partial);
            gemmHalf(1, h, m0, m1, n0, n1, m, n, k, a, aOff, transA, b, bOff, c, cOff, accumulate, partial);
            Naive.addPartial(m0, m1, n0, n1, n, partial, c, cOff);
        } else if (m1 - m0 <= smallM) {
            gemmSmallM(m0, m1, n0, n1, m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, accumulate);
        } else {
            gemmPacked(m0, m1, n0, n1, m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, accumulate);
        }
    }

    /** Products of few rows need at least this many K blocks to be summed in halves. */
    static final int HALVES_MIN_BLOCKS = 8;

    /**
     * Where the K blocks of a product of this shape split into the <em>halves</em> order, or k when
     * they do not. A product of at most {@link #smallM} rows with B not transposed, at least
     * {@link #HALVES_MIN_BLOCKS} K blocks and {@link MatMul#PARALLEL_MIN_MULADDS} multiply-adds (the
     * deep network's {@code W1·X}: 20×209×12288) sums each element as {@code s1 + s2}: s1 over the
     * K blocks before h (from C's old value when accumulating), s2 over those from h on (from 0.0),
     * each as {@link #gemmSmallM} sums its blocks, with h the first block boundary at or past k/2.
     * Two threads then each take one half, i.e. half of B's rows, and {@link DescentPass} can fuse
     * each half with the gradient step before it; one thread computes both, with the same bits.
     * Depends on the shape (and this engine's K block) only.
     */
    final int kSplit(int m, int n, int k, boolean transB) {
        int blocks = (k + kc - 1) / kc;
        return !transB && m <= smallM && blocks >= HALVES_MIN_BLOCKS && (long) m * n * k >= MatMul.PARALLEL_MIN_MULADDS
                ? (blocks + 1) / 2 * kc : k;
    }

    /**
     * Half {@code part} of rows [m0, m1) × columns [n0, n1) of a product in the halves order at h
     * ({@link #kSplit}): part 0 sums the K blocks before h into C (onto its old value when
     * {@code accumulate}), part 1 those from h on into {@code partial} (laid out as C, m×n from
     * index 0). The two may run concurrently; {@link Naive#addPartial} then completes the band.
     */
    final void gemmHalf(int part, int h, int m0, int m1, int n0, int n1, int m, int n, int k,
                        double[] a, int aOff, boolean transA, double[] b, int bOff,
                        double[] c, int cOff, boolean accumulate, double[] partial) {
        if (part == 0) {
            smallMBlocks(0, h, true, m0, m1, n0, n1, m, n, k, a, aOff, transA, b, bOff, c, cOff, accumulate);
        } else {
            smallMBlocks(h, k, true, m0, m1, n0, n1, m, n, k, a, aOff, transA, b, bOff, partial, 0, false);
        }
    }

    /** The Goto loop nest above, packing both operands (any shape). */
    final void gemmPacked(int m0, int m1, int n0, int n1, int m, int n, int k,
                          double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
                          double[] c, int cOff, boolean accumulate) {
        Workspace ws = Workspace.get();
        int kcMax = Math.min(kc, k);
        int ncMax = roundUp(Math.min(nc, n1 - n0), nr);
        int mcMax = roundUp(Math.min(mc, m1 - m0), mr);
        double[] bp = ws.bPanel(ncMax / nr * panelStride(nr, kcMax));
        double[] ap = ws.aPanel(mcMax / mr * panelStride(mr, kcMax));
        double[] tile = ws.tile(mr * nr);
        for (int jc = n0; jc < n1; jc += nc) {
            int ncb = Math.min(nc, n1 - jc);
            for (int pc = 0; pc < k; pc += kc) {
                int kcb = Math.min(kc, k - pc);
                boolean add = accumulate || pc > 0;
                packB(bp, b, bOff, transB, n, k, pc, kcb, jc, ncb);
                for (int ic = m0; ic < m1; ic += mc) {
                    int mcb = Math.min(mc, m1 - ic);
                    packA(ap, a, aOff, transA, m, k, ic, mcb, pc, kcb);
                    macroKernel(kcb, mcb, ncb, ap, bp, tile, c, cOff + ic * n + jc, n, add);
                }
            }
        }
    }

    /**
     * Rows {@code [m0, m1)} of C, at most {@link #smallM} of them: op(B), the large operand, is read
     * in place instead of being packed (each of its elements is used only {@code m1 - m0} times, too
     * few to pay for a copy). K is blocked exactly as
     * in {@link #gemmPacked} and every element is computed by the same chain of operations, so the
     * two paths give bit-identical results.
     * <ul>
     *   <li>B not transposed: its rows are contiguous, so {@link #kernel} loads row p of op(B)
     *       straight from B ({@code ldb = n}); op(A) is broadcast from A itself when transposed,
     *       otherwise from a row-by-row copy of its K block; columns past the last full NR tile are
     *       packed into one narrow zero-padded panel.</li>
     *   <li>B transposed (stored n×k): computes {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}, whose left operand is B
     *       itself, row-major: {@link #kernelT} broadcasts from {@link #TMR} contiguous rows of B
     *       against op(A)ᵀ packed in {@link #tnr}-lane panels, and its tiles are written to C
     *       transposed.</li>
     * </ul>
     */
    final void gemmSmallM(int m0, int m1, int n0, int n1, int m, int n, int k,
                          double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
                          double[] c, int cOff, boolean accumulate) {
        Workspace ws = Workspace.get();
        final int rows = m1 - m0;
        final int kcMax = Math.min(kc, k);
        if (!transB) {
            smallMBlocks(0, k, true, m0, m1, n0, n1, m, n, k, a, aOff, transA, b, bOff, c, cOff, accumulate);
        } else {
            final int tnr = this.tnr;
            double[] at = ws.aPanel((rows + tnr - 1) / tnr * panelStride(tnr, kcMax));
            double[] tile = ws.tile(TMR * tnr);
            for (int pc = 0; pc < k; pc += kc) {
                int kcb = Math.min(kc, k - pc);
                boolean add = accumulate || pc > 0;
                int stride = panelStride(tnr, kcb);
                packAT(at, stride, a, aOff, transA, m, k, m0, rows, pc, kcb);
                for (int jr = n0; jr < n1; jr += TMR) {
                    // C columns jr..jr+3 are rows jr..jr+3 of B; missing rows at the edge repeat row jr
                    int cols = Math.min(TMR, n1 - jr);
                    int x0 = bOff + jr * k + pc;
                    int x1 = cols > 1 ? x0 + k : x0;
                    int x2 = cols > 2 ? x0 + 2 * k : x0;
                    int x3 = cols > 3 ? x0 + 3 * k : x0;
                    for (int i0 = 0, ao = 0; i0 < rows; i0 += tnr, ao += stride) {
                        kernelT(kcb, b, x0, x1, x2, x3, at, ao, tile);
                        mergeT(tile, c, cOff + (m0 + i0) * n + jr, n, Math.min(tnr, rows - i0), cols, add);
                    }
                }
            }
        }
    }

    /**
     * The K blocks from p0 to p1 (p0 a multiple of {@link #kc}; p1 too, or k) of rows [m0, m1) ×
     * columns [n0, n1) of C = op(A)·B, B not transposed and read in place, summed as
     * {@link #gemmSmallM} sums them (see there): each block's sums are added to C, the first onto C's
     * old value only when {@code accumulate}. {@code sweep} reads each block of B once in address
     * order first, which helps when B comes from memory (not when the caller has just read it).
     */
    final void smallMBlocks(int p0, int p1, boolean sweep, int m0, int m1, int n0, int n1, int m, int n, int k,
                            double[] a, int aOff, boolean transA, double[] b, int bOff,
                            double[] c, int cOff, boolean accumulate) {
        Workspace ws = Workspace.get();
        final int rows = m1 - m0;
        final int kcMax = Math.min(kc, k);
        // op(A)(i, p) = as[ai + p*aps]. A transposed is read in place (op(A)'s 4 rows are 4
        // adjacent values per p); otherwise the band's K block is copied row by row into a compact
        // buffer, because A's rows can lie a multiple of 4 KiB apart and then evict each other from L1.
        final int nr = this.nr;
        final int ars = transA ? 1 : panelStride(1, kcMax);
        final int aps = transA ? m : 1;
        double[] as = transA ? a : ws.aPanel(rows * ars);
        double[] bp = ws.bPanel(panelStride(nr, kcMax));
        double[] tile = ws.tile(4 * nr);
        int full = n0 + (n1 - n0) / nr * nr;
        for (int pc = p0; pc < p1; pc += kc) {
            int kcb = Math.min(kc, p1 - pc);
            boolean add = accumulate || pc > p0;
            int bRow = bOff + pc * n;
            // X's rows are read by the micro-kernels in 16-column strips 1672 bytes apart, which
            // the prefetchers follow badly: sweep the block once in address order first
            // (measured: the forward W1·X product 5-15 % faster on both JDKs)
            if (sweep) {
                ws.sink += touch(b, bRow + n0, n, kcb, n1 - n0);
            }
            int aBase;
            if (transA) {
                aBase = aOff + pc * m + m0;
            } else {
                aBase = 0;
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(a, aOff + (m0 + i) * k + pc, as, i * ars, kcb);
                }
            }
            if (full < n1) {
                packB(bp, b, bOff, false, n, k, pc, kcb, full, n1 - full);
            }
            for (int jr = n0; jr < n1; jr += nr) {
                boolean fullCols = jr < full;
                for (int ir = 0; ir < rows; ir += 4) {
                    // rows past the edge repeat row ir; their results are dropped
                    int mrb = Math.min(4, rows - ir);
                    int a0 = aBase + ir * ars;
                    int a1 = mrb > 1 ? a0 + ars : a0;
                    int a2 = mrb > 2 ? a0 + 2 * ars : a0;
                    int a3 = mrb > 3 ? a0 + 3 * ars : a0;
                    int cTile = cOff + (m0 + ir) * n + jr;
                    if (mrb == 4 && fullCols) {
                        kernel(kcb, as, a0, a1, a2, a3, aps, b, bRow + jr, n, c, cTile, n, add);
                    } else {
                        if (fullCols) {
                            kernel(kcb, as, a0, a1, a2, a3, aps, b, bRow + jr, n, tile, 0, nr, false);
                        } else {
                            kernel(kcb, as, a0, a1, a2, a3, aps, bp, 0, nr, tile, 0, nr, false);
                        }
                        merge(tile, nr, c, cTile, n, mrb, Math.min(nr, n1 - jr), add);
                    }
                }
            }
        }
    }

    /**
     * Reads one value per cache line of rows × cols of b (row stride ld), in address order, and
     * returns a meaningless sum: a sequential sweep that the hardware prefetchers follow, bringing
     * a K block of B into L2 faster than the micro-kernels' column strips would.
     */
    static double touch(double[] b, int src, int ld, int rows, int cols) {
        double s0 = 0, s1 = 0;
        for (int p = 0; p < rows; p++, src += ld) {
            int j = 0;
            for (; j + 8 < cols; j += 16) {
                s0 += b[src + j];
                s1 += b[src + j + 8];
            }
            if (j < cols) {
                s0 += b[src + j];
            }
            s1 += b[src + cols - 1];
        }
        return s0 + s1;
    }

    /** C tile (rows × cols at cOff, row length ldc) = or += the tile t (row length ldt). */
    private static void merge(double[] t, int ldt, double[] c, int cOff, int ldc, int rows, int cols, boolean add) {
        for (int r = 0; r < rows; r++) {
            int ci = cOff + r * ldc;
            int ti = r * ldt;
            if (add) {
                for (int j = 0; j < cols; j++) {
                    c[ci + j] += t[ti + j];
                }
            } else {
                System.arraycopy(t, ti, c, ci, cols);
            }
        }
    }

    /** C(i, r) = or += t[r*tnr + i] for i &lt; lanes, r &lt; cols: a {@link #kernelT} tile, transposed. */
    private void mergeT(double[] t, double[] c, int cOff, int ldc, int lanes, int cols, boolean add) {
        final int tnr = this.tnr;
        for (int i = 0; i < lanes; i++) {
            int ci = cOff + i * ldc;
            if (add) {
                for (int r = 0; r < cols; r++) {
                    c[ci + r] += t[r * tnr + i];
                }
            } else {
                for (int r = 0; r < cols; r++) {
                    c[ci + r] = t[r * tnr + i];
                }
            }
        }
    }

    /**
     * Packs op(A)[i0:i0+rows, p0:p0+kcb] transposed into {@link #tnr}-lane panels: panel q starts at
     * q*stride and holds op(A)(i0 + q*tnr + i, p0 + p) at p*tnr + i. Lanes past the edge are zero.
     */
    private void packAT(double[] at, int stride, double[] a, int aOff, boolean transA, int m, int k,
                        int i0, int rows, int p0, int kcb) {
        final int tnr = this.tnr;
        for (int q0 = 0, base = 0; q0 < rows; q0 += tnr, base += stride) {
            int lanes = Math.min(tnr, rows - q0);
            if (transA) {
                // op(A)(i, p) = a[aOff + p*m + i]: contiguous in i
                for (int p = 0; p < kcb; p++) {
                    int src = aOff + (p0 + p) * m + i0 + q0;
                    int d = base + p * tnr;
                    for (int i = 0; i < lanes; i++) {
                        at[d + i] = a[src + i];
                    }
                    for (int i = lanes; i < tnr; i++) {
                        at[d + i] = 0.0;
                    }
                }
            } else {
                // op(A)(i, p) = a[aOff + i*k + p]: contiguous in p
                for (int i = 0; i < tnr; i++) {
                    int d = base + i;
                    if (i < lanes) {
                        int src = aOff + (i0 + q0 + i) * k + p0;
                        for (int p = 0; p < kcb; p++) {
                            at[d + p * tnr] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kcb; p++) {
                            at[d + p * tnr] = 0.0;
                        }
                    }
                }
            }
        }
    }

    private void macroKernel(int kcb, int mcb, int ncb, double[] ap, double[] bp, double[] tile,
                             double[] c, int cOff, int ldc, boolean add) {
        final int mr = this.mr;
        final int nr = this.nr;
        final int aStride = panelStride(mr, kcb);
        final int bStride = panelStride(nr, kcb);
        for (int jr = 0, bOff = 0; jr < ncb; jr += nr, bOff += bStride) {
            int nrb = Math.min(nr, ncb - jr);
            for (int ir = 0, aOff = 0; ir < mcb; ir += mr, aOff += aStride) {
                int mrb = Math.min(mr, mcb - ir);
                int cTile = cOff + ir * ldc + jr;
                if (mrb == mr && nrb == nr) {
                    kernel(kcb, ap, aOff, aOff + 1, aOff + 2, aOff + 3, mr, bp, bOff, nr, c, cTile, ldc, add);
                } else {
                    kernel(kcb, ap, aOff, aOff + 1, aOff + 2, aOff + 3, mr, bp, bOff, nr, tile, 0, nr, false);
                    merge(tile, nr, c, cTile, ldc, mrb, nrb, add);
                }
            }
        }
    }

    /**
     * Packs op(A)[i0:i0+mcb, p0:p0+kcb] into MR-row micro-panels: panel q starts at
     * q*{@link #panelStride}(mr, kcb) and holds
     * element (p, r) at p*mr + r. Rows past the edge are zero. The source is always read along its
     * contiguous direction (sequential streams for the hardware prefetcher).
     */
    private void packA(double[] ap, double[] a, int aOff, boolean transA, int m, int k,
                       int i0, int mcb, int p0, int kcb) {
        final int mr = this.mr;
        final int stride = panelStride(mr, kcb);
        int full = mcb / mr * mr;
        if (transA) {
            // op(A)(i, p) = a[aOff + p*m + i]: row p of the stored A holds MR values for every panel
            for (int p = 0; p < kcb; p++) {
                int src = aOff + (p0 + p) * m + i0;
                int d = p * mr;
                for (int ir = 0; ir < full; ir += mr, d += stride) {
                    for (int r = 0; r < mr; r++) {
                        ap[d + r] = a[src + ir + r];
                    }
                }
                if (full < mcb) {
                    int rows = mcb - full;
                    for (int r = 0; r < rows; r++) {
                        ap[d + r] = a[src + full + r];
                    }
                    for (int r = rows; r < mr; r++) {
                        ap[d + r] = 0.0;
                    }
                }
            }
        } else {
            // op(A)(i, p) = a[aOff + i*k + p]: one contiguous row per r
            for (int ir = 0, base = 0; ir < mcb; ir += mr, base += stride) {
                int rows = Math.min(mr, mcb - ir);
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (i0 + ir + r) * k + p0;
                    int d = base + r;
                    for (int p = 0; p < kcb; p++) {
                        ap[d + p * mr] = a[src + p];
                    }
                }
                for (int r = rows; r < mr; r++) {
                    int d = base + r;
                    for (int p = 0; p < kcb; p++) {
                        ap[d + p * mr] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[p0:p0+kcb, j0:j0+ncb] into NR-column micro-panels: panel q starts at
     * q*{@link #panelStride}(nr, kcb) and
     * holds element (p, j) at p*nr + j. Columns past the edge are zero. The source is always read
     * along its contiguous direction.
     */
    private void packB(double[] bp, double[] b, int bOff, boolean transB, int n, int k,
                       int p0, int kcb, int j0, int ncb) {
        final int nr = this.nr;
        final int stride = panelStride(nr, kcb);
        if (transB) {
            // op(B)(p, j) = b[bOff + j*k + p]: one contiguous row of the stored B per column j
            for (int jr = 0, base = 0; jr < ncb; jr += nr, base += stride) {
                int cols = Math.min(nr, ncb - jr);
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (j0 + jr + j) * k + p0;
                    int d = base + j;
                    for (int p = 0; p < kcb; p++) {
                        bp[d + p * nr] = b[src + p];
                    }
                }
                for (int j = cols; j < nr; j++) {
                    int d = base + j;
                    for (int p = 0; p < kcb; p++) {
                        bp[d + p * nr] = 0.0;
                    }
                }
            }
        } else {
            packBRows(bp, stride, b, bOff + p0 * n + j0, n, kcb, ncb);
        }
    }

    /**
     * The non-transposed case of {@link #packB}: rows of B are contiguous, so each of the kcb source
     * rows (stride n, starting at {@code src}) is copied in NR-wide pieces into every micro-panel.
     * Engines may override this with a faster copy.
     */
    void packBRows(double[] bp, int stride, double[] b, int src, int n, int kcb, int ncb) {
        final int nr = this.nr;
        int full = ncb / nr * nr;
        for (int p = 0; p < kcb; p++, src += n) {
            int d = p * nr;
            for (int jr = 0; jr < full; jr += nr, d += stride) {
                System.arraycopy(b, src + jr, bp, d, nr);
            }
            if (full < ncb) {
                int cols = ncb - full;
                for (int j = 0; j < cols; j++) {
                    bp[d + j] = b[src + full + j];
                }
                for (int j = cols; j < nr; j++) {
                    bp[d + j] = 0.0;
                }
            }
        }
    }

    /**
     * Distance between consecutive packed micro-panels of width w and depth kcb. The padding keeps
     * panels from lying a multiple of 4 KiB apart: the packing loops write one row into every panel
     * in turn, and power-of-two strides would map all those writes to the same L1 set.
     */
    static int panelStride(int w, int kcb) {
        return w * kcb + 8;
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** Per-thread packing and partial-sum buffers, grown on demand and then reused (no allocation per call). */
    static final class Workspace {
        private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

        private double[] a = new double[0];
        private double[] b = new double[0];
        private double[] t = new double[0];
        private double[] s = new double[0];
        /** Where {@link Engine#touch} results go, so that the reads are not dead code. */
        double sink;

        static Workspace get() {
            return LOCAL.get();
        }

        double[] aPanel(int size) {
            if (a.length < size) {
                a = new double[size];
            }
            return a;
        }

        double[] bPanel(int size) {
            if (b.length < size) {
                b = new double[size];
            }
            return b;
        }

        double[] tile(int size) {
            if (t.length < size) {
                t = new double[size];
            }
            return t;
        }

        /** The second half's sums of a product in the halves order ({@link Naive#rowAxpySplit}). */
        double[] partial(int size) {
            if (s.length < size) {
                s = new double[size];
            }
            return s;
        }
    }
}
