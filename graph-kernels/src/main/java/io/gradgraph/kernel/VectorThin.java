package io.gradgraph.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Thin}'s loops with the Vector API, bit-identical to the plain-Java ones: lanewise
 * multiplies and adds (never FMA), each lane the same sum in the same order. Created by {@link VectorEngine},
 * which is loaded only when {@code jdk.incubator.vector} is in the boot layer.
 */
final class VectorThin extends Thin {

    /**
     * The engine's species: one vector shape in the whole JVM, because JDK 17's C2 stops
     * intrinsifying (and boxes every vector, allocating) once two shapes of DoubleVector are in use.
     * Row axpys give the same bits at any width (lanes are independent elements); the wide dots'
     * eight partial sums are one 8-lane vector or two 4-lane ones.
     */
    private static final VectorSpecies<Double> S = VectorEngine.S;
    private static final int VL = S.length();

    /** Public no-arg constructor, for reflective loading. */
    public VectorThin() {
        if (VL != 4 && VL != 8) {
            throw new UnsupportedOperationException(VL + "-lane vectors"); // VectorEngine falls back to Thin
        }
    }

    @Override
    String name() {
        return "vector(" + S.vectorBitSize() + "-bit)";
    }

    @Override
    void rowAxpy(int i0, int i1, int j0, int j1, int p0, int p1, int m, int n, int k, double[] a, int aOff,
                 boolean transA, double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
        final int aStep = transA ? m : 1;
        final int jv = j0 + S.loopBound(j1 - j0);
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * n;
            int ai = (transA ? aOff + i : aOff + i * k) + p0 * aStep;
            int bi = bOff + p0 * n;
            int p = p0;
            if (!accumulate) {
                double x = a[ai];
                DoubleVector xv = DoubleVector.broadcast(S, x);
                int j = j0;
                for (; j < jv; j += VL) {
                    DoubleVector.zero(S).add(xv.mul(DoubleVector.fromArray(S, b, bi + j))).intoArray(c, ci + j);
                }
                for (; j < j1; j++) {
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
                DoubleVector v0 = DoubleVector.broadcast(S, x0);
                DoubleVector v1 = DoubleVector.broadcast(S, x1);
                DoubleVector v2 = DoubleVector.broadcast(S, x2);
                DoubleVector v3 = DoubleVector.broadcast(S, x3);
                int b1 = bi + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                int j = j0;
                for (; j < jv; j += VL) {
                    DoubleVector.fromArray(S, c, ci + j)
                            .add(v0.mul(DoubleVector.fromArray(S, b, bi + j)))
                            .add(v1.mul(DoubleVector.fromArray(S, b, b1 + j)))
                            .add(v2.mul(DoubleVector.fromArray(S, b, b2 + j)))
                            .add(v3.mul(DoubleVector.fromArray(S, b, b3 + j)))
                            .intoArray(c, ci + j);
                }
                for (; j < j1; j++) {
                    c[ci + j] = c[ci + j] + x0 * b[bi + j] + x1 * b[b1 + j] + x2 * b[b2 + j] + x3 * b[b3 + j];
                }
            }
            for (; p < p1; p++, ai += aStep, bi += n) {
                double x = a[ai];
                DoubleVector xv = DoubleVector.broadcast(S, x);
                int j = j0;
                for (; j < jv; j += VL) {
                    DoubleVector.fromArray(S, c, ci + j).add(xv.mul(DoubleVector.fromArray(S, b, bi + j)))
                            .intoArray(c, ci + j);
                }
                for (; j < j1; j++) {
                    c[ci + j] += x * b[bi + j];
                }
            }
        }
    }

    @Override
    void wideDots(int i0, int i1, int k, double[] a, int aOff, double[] v, int vOff,
                  double[] c, int cOff, int ldc, boolean accumulate) {
        if (VL == 8) {
            wideDots8(i0, i1, k, a, aOff, v, vOff, c, cOff, ldc, accumulate);
        } else {
            wideDots4(i0, i1, k, a, aOff, v, vOff, c, cOff, ldc, accumulate);
        }
    }

    /** 8 lanes: one accumulator per row holds s0..s7; t_i = s_i + s_{i+4} by lane, then as in 4 lanes. */
    private static void wideDots8(int i0, int i1, int k, double[] a, int aOff, double[] v, int vOff,
                                  double[] c, int cOff, int ldc, boolean accumulate) {
        final int full = k / WIDE * WIDE;
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int r0 = aOff + i * k;
            int r1 = r0 + k;
            int r2 = r1 + k;
            int r3 = r2 + k;
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < full; p += WIDE) {
                DoubleVector vp = DoubleVector.fromArray(S, v, vOff + p);
                s0 = s0.add(DoubleVector.fromArray(S, a, r0 + p).mul(vp));
                s1 = s1.add(DoubleVector.fromArray(S, a, r1 + p).mul(vp));
                s2 = s2.add(DoubleVector.fromArray(S, a, r2 + p).mul(vp));
                s3 = s3.add(DoubleVector.fromArray(S, a, r3 + p).mul(vp));
            }
            finish(c, cOff + i * ldc, accumulate, a, r0, v, vOff, full, k,
                    s0.lane(0) + s0.lane(4), s0.lane(1) + s0.lane(5), s0.lane(2) + s0.lane(6), s0.lane(3) + s0.lane(7));
            finish(c, cOff + (i + 1) * ldc, accumulate, a, r1, v, vOff, full, k,
                    s1.lane(0) + s1.lane(4), s1.lane(1) + s1.lane(5), s1.lane(2) + s1.lane(6), s1.lane(3) + s1.lane(7));
            finish(c, cOff + (i + 2) * ldc, accumulate, a, r2, v, vOff, full, k,
                    s2.lane(0) + s2.lane(4), s2.lane(1) + s2.lane(5), s2.lane(2) + s2.lane(6), s2.lane(3) + s2.lane(7));
            finish(c, cOff + (i + 3) * ldc, accumulate, a, r3, v, vOff, full, k,
                    s3.lane(0) + s3.lane(4), s3.lane(1) + s3.lane(5), s3.lane(2) + s3.lane(6), s3.lane(3) + s3.lane(7));
        }
        for (; i < i1; i++) {
            int r = aOff + i * k;
            DoubleVector s = DoubleVector.zero(S);
            for (int p = 0; p < full; p += WIDE) {
                s = s.add(DoubleVector.fromArray(S, a, r + p).mul(DoubleVector.fromArray(S, v, vOff + p)));
            }
            finish(c, cOff + i * ldc, accumulate, a, r, v, vOff, full, k,
                    s.lane(0) + s.lane(4), s.lane(1) + s.lane(5), s.lane(2) + s.lane(6), s.lane(3) + s.lane(7));
        }
    }

    /** 4 lanes: two accumulators per row, l = (s0..s3) and h = (s4..s7); t = l + h by lane. */
    private static void wideDots4(int i0, int i1, int k, double[] a, int aOff, double[] v, int vOff,
                                  double[] c, int cOff, int ldc, boolean accumulate) {
        final int full = k / WIDE * WIDE;
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int r0 = aOff + i * k;
            int r1 = r0 + k;
            int r2 = r1 + k;
            int r3 = r2 + k;
            DoubleVector z = DoubleVector.zero(S);
            DoubleVector l0 = z, h0 = z, l1 = z, h1 = z, l2 = z, h2 = z, l3 = z, h3 = z;
            for (int p = 0; p < full; p += WIDE) {
                DoubleVector vl = DoubleVector.fromArray(S, v, vOff + p);
                DoubleVector vh = DoubleVector.fromArray(S, v, vOff + p + 4);
                l0 = l0.add(DoubleVector.fromArray(S, a, r0 + p).mul(vl));
                h0 = h0.add(DoubleVector.fromArray(S, a, r0 + p + 4).mul(vh));
                l1 = l1.add(DoubleVector.fromArray(S, a, r1 + p).mul(vl));
                h1 = h1.add(DoubleVector.fromArray(S, a, r1 + p + 4).mul(vh));
                l2 = l2.add(DoubleVector.fromArray(S, a, r2 + p).mul(vl));
                h2 = h2.add(DoubleVector.fromArray(S, a, r2 + p + 4).mul(vh));
                l3 = l3.add(DoubleVector.fromArray(S, a, r3 + p).mul(vl));
                h3 = h3.add(DoubleVector.fromArray(S, a, r3 + p + 4).mul(vh));
            }
            DoubleVector t0 = l0.add(h0);
            DoubleVector t1 = l1.add(h1);
            DoubleVector t2 = l2.add(h2);
            DoubleVector t3 = l3.add(h3);
            finish(c, cOff + i * ldc, accumulate, a, r0, v, vOff, full, k,
                    t0.lane(0), t0.lane(1), t0.lane(2), t0.lane(3));
            finish(c, cOff + (i + 1) * ldc, accumulate, a, r1, v, vOff, full, k,
                    t1.lane(0), t1.lane(1), t1.lane(2), t1.lane(3));
            finish(c, cOff + (i + 2) * ldc, accumulate, a, r2, v, vOff, full, k,
                    t2.lane(0), t2.lane(1), t2.lane(2), t2.lane(3));
            finish(c, cOff + (i + 3) * ldc, accumulate, a, r3, v, vOff, full, k,
                    t3.lane(0), t3.lane(1), t3.lane(2), t3.lane(3));
        }
        for (; i < i1; i++) {
            int r = aOff + i * k;
            DoubleVector l = DoubleVector.zero(S);
            DoubleVector h = l;
            for (int p = 0; p < full; p += WIDE) {
                l = l.add(DoubleVector.fromArray(S, a, r + p).mul(DoubleVector.fromArray(S, v, vOff + p)));
                h = h.add(DoubleVector.fromArray(S, a, r + p + 4).mul(DoubleVector.fromArray(S, v, vOff + p + 4)));
            }
            DoubleVector t = l.add(h);
            finish(c, cOff + i * ldc, accumulate, a, r, v, vOff, full, k,
                    t.lane(0), t.lane(1), t.lane(2), t.lane(3));
        }
    }

    /**
     * The same bits as {@link Thin#passRows}; in the wide order, software-pipelined: four rows at
     * a time, one loop over the columns takes the four rows' dots (the first read of these rows, from
     * memory) and the previous four rows' axpy (from L1), so X streams in at an even rate instead of
     * in bursts between axpy phases that load nothing new. Each dot keeps its lanes and each element of out
     * its sequential order of rows; a group's axpy is finished (its tail columns too) before the
     * next group's starts. The rows go in blocks of {@link #PASS_BLOCK}, one call each, which changes no
     * bit (a block ends with its last group's axpy, which the next group's would have followed).
     */
    @Override
    void passRows(int i0, int i1, int k, int n, double[] x, double[] dz, double scale, ProductPass.Epilogue epilogue,
                  double[] w, double[] dw, double[] out) {
        if (Naive.order(k, 1, n, false, true) != Naive.Order.WIDE_DOTS) {
            super.passRows(i0, i1, k, n, x, dz, scale, epilogue, w, dw, out);
            return;
        }
        for (int b0 = i0; b0 < i1; b0 += PASS_BLOCK) {
            int b1 = Math.min(i1, b0 + PASS_BLOCK);
            if (VL == 8) {
                passRows8(b0, b1, n, x, dz, scale, epilogue, w, dw, out);
            } else {
                passRows4(b0, b1, n, x, dz, scale, epilogue, w, dw, out);
            }
        }
    }

    /**
     * Rows of X per call of the pipelined pass (a multiple of its four-row groups). A pass over
     * thousands of rows in one call gets compiled while it runs (on-stack replacement) with a profile
     * that never saw the call's first group, and each later call then left the compiled code there
     * and ran the rest of the pass in the interpreter, where every vector is an object: tens of
     * milliseconds a call for the first iterations of a run. Calls of 256 rows are compiled whole.
     */
    static final int PASS_BLOCK = 256;

    private static void passRows8(int i0, int i1, int n, double[] x, double[] dz, double scale,
                                  ProductPass.Epilogue epilogue, double[] w, double[] dw, double[] out) {
        final int full = n / WIDE * WIDE;
        int prev = -1; // first of the four rows whose axpy is pending
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int r0 = i * n;
            int r1 = r0 + n;
            int r2 = r1 + n;
            int r3 = r2 + n;
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0, s2 = s0, s3 = s0;
            if (prev < 0) {
                for (int p = 0; p < full; p += WIDE) {
                    DoubleVector vp = DoubleVector.fromArray(S, dz, p);
                    s0 = s0.add(DoubleVector.fromArray(S, x, r0 + p).mul(vp));
                    s1 = s1.add(DoubleVector.fromArray(S, x, r1 + p).mul(vp));
                    s2 = s2.add(DoubleVector.fromArray(S, x, r2 + p).mul(vp));
                    s3 = s3.add(DoubleVector.fromArray(S, x, r3 + p).mul(vp));
                }
            } else {
                int q0 = prev * n;
                int q1 = q0 + n;
                int q2 = q1 + n;
                int q3 = q2 + n;
                DoubleVector w0 = DoubleVector.broadcast(S, w[prev]);
                DoubleVector w1 = DoubleVector.broadcast(S, w[prev + 1]);
                DoubleVector w2 = DoubleVector.broadcast(S, w[prev + 2]);
                DoubleVector w3 = DoubleVector.broadcast(S, w[prev + 3]);
                for (int p = 0; p < full; p += WIDE) {
                    DoubleVector vp = DoubleVector.fromArray(S, dz, p);
                    s0 = s0.add(DoubleVector.fromArray(S, x, r0 + p).mul(vp));
                    s1 = s1.add(DoubleVector.fromArray(S, x, r1 + p).mul(vp));
                    s2 = s2.add(DoubleVector.fromArray(S, x, r2 + p).mul(vp));
                    s3 = s3.add(DoubleVector.fromArray(S, x, r3 + p).mul(vp));
                    DoubleVector.fromArray(S, out, p)
                            .add(w0.mul(DoubleVector.fromArray(S, x, q0 + p)))
                            .add(w1.mul(DoubleVector.fromArray(S, x, q1 + p)))
                            .add(w2.mul(DoubleVector.fromArray(S, x, q2 + p)))
                            .add(w3.mul(DoubleVector.fromArray(S, x, q3 + p)))
                            .intoArray(out, p);
                }
                axpy4(full, n, x, prev, n, w, out);
            }
            step(i, scale, dw, x, r0, dz, full, n,
                    s0.lane(0) + s0.lane(4), s0.lane(1) + s0.lane(5), s0.lane(2) + s0.lane(6), s0.lane(3) + s0.lane(7));
            step(i + 1, scale, dw, x, r1, dz, full, n,
                    s1.lane(0) + s1.lane(4), s1.lane(1) + s1.lane(5), s1.lane(2) + s1.lane(6), s1.lane(3) + s1.lane(7));
            step(i + 2, scale, dw, x, r2, dz, full, n,
                    s2.lane(0) + s2.lane(4), s2.lane(1) + s2.lane(5), s2.lane(2) + s2.lane(6), s2.lane(3) + s2.lane(7));
            step(i + 3, scale, dw, x, r3, dz, full, n,
                    s3.lane(0) + s3.lane(4), s3.lane(1) + s3.lane(5), s3.lane(2) + s3.lane(6), s3.lane(3) + s3.lane(7));
            epilogue.apply(i, i + 4);
            prev = i;
        }
        if (prev >= 0) {
            axpy4(0, n, x, prev, n, w, out);
        }
        for (; i < i1; i++) {
            int r = i * n;
            DoubleVector s = DoubleVector.zero(S);
            for (int p = 0; p < full; p += WIDE) {
                s = s.add(DoubleVector.fromArray(S, x, r + p).mul(DoubleVector.fromArray(S, dz, p)));
            }
            step(i, scale, dw, x, r, dz, full, n,
                    s.lane(0) + s.lane(4), s.lane(1) + s.lane(5), s.lane(2) + s.lane(6), s.lane(3) + s.lane(7));
            epilogue.apply(i, i + 1);
            axpy1(n, x, r, w[i], out);
        }
    }

    private static void passRows4(int i0, int i1, int n, double[] x, double[] dz, double scale,
                                  ProductPass.Epilogue epilogue, double[] w, double[] dw, double[] out) {
        final int full = n / WIDE * WIDE;
        int prev = -1; // first of the four rows whose axpy is pending
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int r0 = i * n;
            int r1 = r0 + n;
            int r2 = r1 + n;
            int r3 = r2 + n;
            DoubleVector z = DoubleVector.zero(S);
            DoubleVector l0 = z, h0 = z, l1 = z, h1 = z, l2 = z, h2 = z, l3 = z, h3 = z;
            if (prev < 0) {
                for (int p = 0; p < full; p += WIDE) {
                    DoubleVector vl = DoubleVector.fromArray(S, dz, p);
                    DoubleVector vh = DoubleVector.fromArray(S, dz, p + 4);
                    l0 = l0.add(DoubleVector.fromArray(S, x, r0 + p).mul(vl));
                    h0 = h0.add(DoubleVector.fromArray(S, x, r0 + p + 4).mul(vh));
                    l1 = l1.add(DoubleVector.fromArray(S, x, r1 + p).mul(vl));
                    h1 = h1.add(DoubleVector.fromArray(S, x, r1 + p + 4).mul(vh));
                    l2 = l2.add(DoubleVector.fromArray(S, x, r2 + p).mul(vl));
                    h2 = h2.add(DoubleVector.fromArray(S, x, r2 + p + 4).mul(vh));
                    l3 = l3.add(DoubleVector.fromArray(S, x, r3 + p).mul(vl));
                    h3 = h3.add(DoubleVector.fromArray(S, x, r3 + p + 4).mul(vh));
                }
            } else {
                int q0 = prev * n;
                int q1 = q0 + n;
                int q2 = q1 + n;
                int q3 = q2 + n;
                DoubleVector w0 = DoubleVector.broadcast(S, w[prev]);
                DoubleVector w1 = DoubleVector.broadcast(S, w[prev + 1]);
                DoubleVector w2 = DoubleVector.broadcast(S, w[prev + 2]);
                DoubleVector w3 = DoubleVector.broadcast(S, w[prev + 3]);
                for (int p = 0; p < full; p += WIDE) {
                    DoubleVector vl = DoubleVector.fromArray(S, dz, p);
                    DoubleVector vh = DoubleVector.fromArray(S, dz, p + 4);
                    l0 = l0.add(DoubleVector.fromArray(S, x, r0 + p).mul(vl));
                    h0 = h0.add(DoubleVector.fromArray(S, x, r0 + p + 4).mul(vh));
                    l1 = l1.add(DoubleVector.fromArray(S, x, r1 + p).mul(vl));
                    h1 = h1.add(DoubleVector.fromArray(S, x, r1 + p + 4).mul(vh));
                    l2 = l2.add(DoubleVector.fromArray(S, x, r2 + p).mul(vl));
                    h2 = h2.add(DoubleVector.fromArray(S, x, r2 + p + 4).mul(vh));
                    l3 = l3.add(DoubleVector.fromArray(S, x, r3 + p).mul(vl));
                    h3 = h3.add(DoubleVector.fromArray(S, x, r3 + p + 4).mul(vh));
                    DoubleVector.fromArray(S, out, p)
                            .add(w0.mul(DoubleVector.fromArray(S, x, q0 + p)))
                            .add(w1.mul(DoubleVector.fromArray(S, x, q1 + p)))
                            .add(w2.mul(DoubleVector.fromArray(S, x, q2 + p)))
                            .add(w3.mul(DoubleVector.fromArray(S, x, q3 + p)))
                            .intoArray(out, p);
                    DoubleVector.fromArray(S, out, p + 4)
                            .add(w0.mul(DoubleVector.fromArray(S, x, q0 + p + 4)))
                            .add(w1.mul(DoubleVector.fromArray(S, x, q1 + p + 4)))
                            .add(w2.mul(DoubleVector.fromArray(S, x, q2 + p + 4)))
                            .add(w3.mul(DoubleVector.fromArray(S, x, q3 + p + 4)))
                            .intoArray(out, p + 4);
                }
                axpy4(full, n, x, prev, n, w, out);
            }
            DoubleVector t0 = l0.add(h0);
            DoubleVector t1 = l1.add(h1);
            DoubleVector t2 = l2.add(h2);
            DoubleVector t3 = l3.add(h3);
            step(i, scale, dw, x, r0, dz, full, n, t0.lane(0), t0.lane(1), t0.lane(2), t0.lane(3));
            step(i + 1, scale, dw, x, r1, dz, full, n, t1.lane(0), t1.lane(1), t1.lane(2), t1.lane(3));
            step(i + 2, scale, dw, x, r2, dz, full, n, t2.lane(0), t2.lane(1), t2.lane(2), t2.lane(3));
            step(i + 3, scale, dw, x, r3, dz, full, n, t3.lane(0), t3.lane(1), t3.lane(2), t3.lane(3));
            epilogue.apply(i, i + 4);
            prev = i;
        }
        if (prev >= 0) {
            axpy4(0, n, x, prev, n, w, out);
        }
        for (; i < i1; i++) {
            int r = i * n;
            DoubleVector l = DoubleVector.zero(S);
            DoubleVector h = l;
            for (int p = 0; p < full; p += WIDE) {
                l = l.add(DoubleVector.fromArray(S, x, r + p).mul(DoubleVector.fromArray(S, dz, p)));
                h = h.add(DoubleVector.fromArray(S, x, r + p + 4).mul(DoubleVector.fromArray(S, dz, p + 4)));
            }
            DoubleVector t = l.add(h);
            step(i, scale, dw, x, r, dz, full, n, t.lane(0), t.lane(1), t.lane(2), t.lane(3));
            epilogue.apply(i, i + 1);
            axpy1(n, x, r, w[i], out);
        }
    }

    /** Row i's dot from its pairwise sums (as {@link #finish}), scaled: row i of the gradient. */
    private static void step(int i, double scale, double[] dw, double[] x, int r,
                             double[] dz, int full, int n, double t0, double t1, double t2, double t3) {
        dw[i] = combine(x, r, dz, 0, full, n, t0, t1, t2, t3);
        dw[i] = scale * dw[i];
    }

    /**
     * Columns [j0, j1) of {@code out += w[q]·X row q + … + w[q+3]·X row q+3}, as {@link #rowAxpy}'s
     * four-row step writes them.
     */
    private static void axpy4(int j0, int j1, double[] x, int q, int n, double[] w, double[] out) {
        double x0 = w[q];
        double x1 = w[q + 1];
        double x2 = w[q + 2];
        double x3 = w[q + 3];
        DoubleVector v0 = DoubleVector.broadcast(S, x0);
        DoubleVector v1 = DoubleVector.broadcast(S, x1);
        DoubleVector v2 = DoubleVector.broadcast(S, x2);
        DoubleVector v3 = DoubleVector.broadcast(S, x3);
        int b0 = q * n;
        int b1 = b0 + n;
        int b2 = b1 + n;
        int b3 = b2 + n;
        int j = j0;
        for (int jv = j0 + S.loopBound(j1 - j0); j < jv; j += VL) {
            DoubleVector.fromArray(S, out, j)
                    .add(v0.mul(DoubleVector.fromArray(S, x, b0 + j)))
                    .add(v1.mul(DoubleVector.fromArray(S, x, b1 + j)))
                    .add(v2.mul(DoubleVector.fromArray(S, x, b2 + j)))
                    .add(v3.mul(DoubleVector.fromArray(S, x, b3 + j)))
                    .intoArray(out, j);
        }
        for (; j < j1; j++) {
            out[j] = out[j] + x0 * x[b0 + j] + x1 * x[b1 + j] + x2 * x[b2 + j] + x3 * x[b3 + j];
        }
    }

    /** {@code out += wi·X row} (from element r of x, n columns), as {@link #rowAxpy}'s one-row step. */
    private static void axpy1(int n, double[] x, int r, double wi, double[] out) {
        DoubleVector v = DoubleVector.broadcast(S, wi);
        int j = 0;
        for (int jv = S.loopBound(n); j < jv; j += VL) {
            DoubleVector.fromArray(S, out, j).add(v.mul(DoubleVector.fromArray(S, x, r + j))).intoArray(out, j);
        }
        for (; j < n; j++) {
            out[j] += wi * x[r + j];
        }
    }

    /**
     * Stores (or adds to C) row r's wide dot from its pairwise sums {@code t_i = s_i + s_{i+4}}, ended
     * by {@link Thin#combine}. Takes doubles: a vector passed to a method C2 does not inline is boxed.
     */
    private static void finish(double[] c, int ci, boolean accumulate, double[] a, int r, double[] v, int vOff,
                               int full, int k, double t0, double t1, double t2, double t3) {
        double s = combine(a, r, v, vOff, full, k, t0, t1, t2, t3);
        c[ci] = accumulate ? c[ci] + s : s;
    }
}
