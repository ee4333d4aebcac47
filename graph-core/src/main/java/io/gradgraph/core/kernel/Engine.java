package io.gradgraph.core.kernel;

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

    Engine(int mr, int nr, int kc, int mc, int nc) {
        this.mr = mr;
        this.nr = nr;
        this.kc = kc;
        this.mc = Math.max(mr, mc / mr * mr);
        this.nc = Math.max(nr, nc / nr * nr);
    }

    /** Short description, e.g. {@code "vector(256-bit)"}. */
    abstract String name();

    /**
     * The micro-kernel: for r &lt; mr, j &lt; nr,
     * {@code c[cOff + r*ldc + j] = (add ? c[...] : 0) + sum_{p<kc} ap[aOff + p*mr + r] * bp[bOff + p*nr + j]}.
     */
    abstract void kernel(int kc, double[] ap, int aOff, double[] bp, int bOff,
                         double[] c, int cOff, int ldc, boolean add);

    /**
     * Computes rows {@code [m0, m1)} and columns {@code [n0, n1)} of C = op(A)·op(B) (+ C). {@code k > 0}.
     * Arguments were validated by {@link MatMul}.
     */
    final void gemm(int m0, int m1, int n0, int n1, int m, int n, int k,
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
                    kernel(kcb, ap, aOff, bp, bOff, c, cTile, ldc, add);
                } else {
                    kernel(kcb, ap, aOff, bp, bOff, tile, 0, nr, false);
                    for (int r = 0; r < mrb; r++) {
                        int ci = cTile + r * ldc;
                        int ti = r * nr;
                        if (add) {
                            for (int j = 0; j < nrb; j++) {
                                c[ci + j] += tile[ti + j];
                            }
                        } else {
                            System.arraycopy(tile, ti, c, ci, nrb);
                        }
                    }
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

    /** Per-thread packing buffers, grown on demand and then reused (no allocation per call). */
    static final class Workspace {
        private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

        private double[] a = new double[0];
        private double[] b = new double[0];
        private double[] t = new double[0];

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
    }
}
