package io.gradgraph.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test helpers: the naive reference product, tolerances and random operands. */
public final class Reference {

    private Reference() {
    }

    /** op(A)(i,p) for row-major A (k×m when transposed). */
    static double opA(double[] a, int aOff, boolean transA, int m, int k, int i, int p) {
        return transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
    }

    /** op(B)(p,j) for row-major B (n×k when transposed). */
    static double opB(double[] b, int bOff, boolean transB, int n, int k, int p, int j) {
        return transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
    }

    /**
     * The naive sequential triple loop: s = (acc ? c : 0.0); s += a*b for p = 0..k-1. Returns a copy
     * of {@code c} with the m×n block at {@code cOff} replaced.
     */
    static double[] multiply(int m, int n, int k, double[] a, int aOff, boolean transA,
                             double[] b, int bOff, boolean transB, double[] c, int cOff, boolean acc) {
        double[] out = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = acc ? c[cOff + i * n + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    s += opA(a, aOff, transA, m, k, i, p) * opB(b, bOff, transB, n, k, p, j);
                }
                out[cOff + i * n + j] = s;
            }
        }
        return out;
    }

    /**
     * The naive path's product as its documentation defines it, written out independently of the
     * kernel's code: each element in the wide order when its dot is long (k ≥ 64) and the product is
     * not a row axpy (one or two rows of C or k ≤ 4, at least 8 columns, B not transposed), else the
     * sequential sum of {@link #multiply}. (Large row axpys, summed in halves, are checked with
     * {@link #halves}.)
     */
    static double[] naivePath(int m, int n, int k, double[] a, int aOff, boolean transA,
                              double[] b, int bOff, boolean transB, double[] c, int cOff, boolean acc) {
        boolean rowAxpy = (m <= 2 || k <= 4) && n >= 8 && !transB;
        if (k < 64 || rowAxpy) {
            return multiply(m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, acc);
        }
        double[] out = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int row = i;
                int col = j;
                double d = wideSum(k, p -> opA(a, aOff, transA, m, k, row, p) * opB(b, bOff, transB, n, k, p, col));
                out[cOff + i * n + j] = acc ? c[cOff + i * n + j] + d : d;
            }
        }
        return out;
    }

    /**
     * Σ term(p) for p &lt; k in the wide order: eight partial sums over p ≡ l (mod 8) below the last
     * multiple of 8, then {@code ((s0+s4) + (s1+s5)) + ((s2+s6) + (s3+s7))}, then the rest in order.
     */
    static double wideSum(int k, java.util.function.IntToDoubleFunction term) {
        double[] s = new double[8];
        int full = k - k % 8;
        for (int p = 0; p < full; p++) {
            s[p % 8] += term.applyAsDouble(p);
        }
        double d = ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
        for (int p = full; p < k; p++) {
            d += term.applyAsDouble(p);
        }
        return d;
    }

    /**
     * Per-element error scale: sum_p |a_ip||b_pj| (+ |c_ij| when accumulating). The contract is
     * |got - naive| &lt;= 1e-12 * scale.
     */
    static double scale(int m, int n, int k, double[] a, int aOff, boolean transA,
                        double[] b, int bOff, boolean transB, double[] c, int cOff, boolean acc, int i, int j) {
        double s = acc ? Math.abs(c[cOff + i * n + j]) : 0.0;
        for (int p = 0; p < k; p++) {
            s += Math.abs(opA(a, aOff, transA, m, k, i, p) * opB(b, bOff, transB, n, k, p, j));
        }
        return s;
    }

    /**
     * Null if {@code got} matches the reference, otherwise a description of the first mismatch:
     * when {@code bitExact}, the naive path's bits ({@link #naivePath}); else the sequential sum within
     * 1e-12 relative inside the m×n block (the blocked path's contract), and exactly outside it.
     */
    static String mismatch(int m, int n, int k, double[] a, int aOff, boolean transA,
                           double[] b, int bOff, boolean transB, double[] c, int cOff, boolean acc,
                           double[] got, boolean bitExact) {
        double[] want = bitExact ? naivePath(m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, acc)
                : multiply(m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, acc);
        for (int x = 0; x < want.length; x++) {
            boolean inside = x >= cOff && x < cOff + m * n;
            boolean same = Double.doubleToLongBits(got[x]) == Double.doubleToLongBits(want[x]);
            if (same) {
                continue;
            }
            if (inside && !bitExact) {
                int i = (x - cOff) / n;
                int j = (x - cOff) % n;
                double tol = 1e-12 * scale(m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, acc, i, j);
                if (Math.abs(got[x] - want[x]) <= tol) {
                    continue;
                }
            }
            return String.format("m=%d n=%d k=%d transA=%b transB=%b acc=%b offsets=%d/%d/%d: c[%d] = %s, want %s%s",
                    m, n, k, transA, transB, acc, aOff, bOff, cOff, x, got[x], want[x],
                    inside ? "" : " (outside the output block)");
        }
        return null;
    }

    /** The wide order of {@link Thin#wideDot}, written out independently: c = (acc ? c : 0) + dot. */
    static double[] wide(int m, int k, double[] a, int aOff, boolean transA, double[] v, int vOff,
                         double[] c, int cOff, boolean acc) {
        double[] out = c.clone();
        for (int i = 0; i < m; i++) {
            int row = i;
            double d = wideSum(k, p -> opA(a, aOff, transA, m, k, row, p) * v[vOff + p]);
            out[cOff + i] = acc ? c[cOff + i] + d : d;
        }
        return out;
    }

    /**
     * The halves order of a row-axpy product (B not transposed), written out independently:
     * {@code c = s1 + s2}, s1 the sequential sum over p &lt; h from (acc ? c : 0.0), s2 over p ≥ h from 0.0.
     */
    static double[] halves(int m, int n, int k, int h, double[] a, int aOff, boolean transA, double[] b, int bOff,
                           double[] c, int cOff, boolean acc) {
        double[] out = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s1 = acc ? c[cOff + i * n + j] : 0.0;
                for (int p = 0; p < h; p++) {
                    s1 += opA(a, aOff, transA, m, k, i, p) * b[bOff + p * n + j];
                }
                double s2 = 0.0;
                for (int p = h; p < k; p++) {
                    s2 += opA(a, aOff, transA, m, k, i, p) * b[bOff + p * n + j];
                }
                out[cOff + i * n + j] = s1 + s2;
            }
        }
        return out;
    }

    static double[] random(Random rnd, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextGaussian();
        }
        return x;
    }

    /** The engines to test: scalar always, vector when the module is present. */
    static List<Engine> engines() {
        List<Engine> list = new ArrayList<>();
        list.add(MatMul.scalarEngine());
        if (MatMul.vectorEngine() != null) {
            list.add(MatMul.vectorEngine());
        }
        return list;
    }

    /**
     * The fewest bytes this thread allocated over 50 calls of {@code call}, after 200 warm-up calls,
     * in up to {@code windows} windows (stopping at the first under 1 KB: vector code allocates until
     * C2 has compiled it); -1 when the JVM cannot count allocations.
     */
    public static long leastAllocation(Runnable call, int windows) {
        if (!(java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
                || !mx.isThreadAllocatedMemorySupported() || !mx.isThreadAllocatedMemoryEnabled()) {
            return -1;
        }
        long tid = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int window = 0; window < windows && least >= 1024; window++) {
            for (int i = 0; i < 200; i++) {
                call.run();
            }
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 50; i++) {
                call.run();
            }
            least = Math.min(least, mx.getThreadAllocatedBytes(tid) - before);
        }
        return least;
    }
}
