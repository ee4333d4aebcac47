package io.gradgraph.kernel;

import static io.gradgraph.kernel.PortableMath.E2;
import static io.gradgraph.kernel.PortableMath.E3;
import static io.gradgraph.kernel.PortableMath.E4;
import static io.gradgraph.kernel.PortableMath.E5;
import static io.gradgraph.kernel.PortableMath.E6;
import static io.gradgraph.kernel.PortableMath.EXP_HI;
import static io.gradgraph.kernel.PortableMath.EXP_LO;
import static io.gradgraph.kernel.PortableMath.INV_LN2_N;
import static io.gradgraph.kernel.PortableMath.L2;
import static io.gradgraph.kernel.PortableMath.L3;
import static io.gradgraph.kernel.PortableMath.L4;
import static io.gradgraph.kernel.PortableMath.L5;
import static io.gradgraph.kernel.PortableMath.L6;
import static io.gradgraph.kernel.PortableMath.L7;
import static io.gradgraph.kernel.PortableMath.L8;
import static io.gradgraph.kernel.PortableMath.LN2_HI;
import static io.gradgraph.kernel.PortableMath.LN2_LO;
import static io.gradgraph.kernel.PortableMath.LN2_N_HI;
import static io.gradgraph.kernel.PortableMath.LN2_N_LO;
import static io.gradgraph.kernel.PortableMath.LOG2_N;
import static io.gradgraph.kernel.PortableMath.LOG_C_HI;
import static io.gradgraph.kernel.PortableMath.LOG_C_LO;
import static io.gradgraph.kernel.PortableMath.LOG_INVC;
import static io.gradgraph.kernel.PortableMath.N;
import static io.gradgraph.kernel.PortableMath.SHIFT;
import static io.gradgraph.kernel.PortableMath.T0;
import static io.gradgraph.kernel.PortableMath.T1;
import static io.gradgraph.kernel.PortableMath.T2;
import static io.gradgraph.kernel.PortableMath.T3;
import static io.gradgraph.kernel.PortableMath.T4;
import static io.gradgraph.kernel.PortableMath.T5;
import static io.gradgraph.kernel.PortableMath.T6;
import static io.gradgraph.kernel.PortableMath.T7;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ArrayMath} with the Vector API: each lane computes exactly what the scalar method computes
 * for its element — the same operations in the same order ({@code fma} where it uses
 * {@link Math#fma}; lanewise operations round like scalar ones; {@code −a·c} as {@code a·(−c)},
 * which is exact), the same table entries, both sides of a branch computed and blended. A vector
 * with a lane in a rare branch (exp beyond ±708; log1p of −1, below, +∞ or NaN) goes to the scalar
 * method, as do tails shorter than a vector. Loaded reflectively by {@link ArrayMath} only when the
 * kernel uses the Vector API, with the kernel's species ({@code VectorEngine.S}: JDK 17's C2 stops
 * intrinsifying the Vector API, and boxes every vector, once two DoubleVector shapes are in use).
 *
 * <p>Each function works through its range in chunks of {@link #CHUNK}, in passes: a vector loop
 * computes the table indices and a scalar loop copies the table entries into scratch arrays (a
 * hardware gather needs {@code IntVector.species}, which C2 stops inlining in large methods), then
 * one or two vector loops compute, handing values on through the scratch arrays. The passes keep each
 * compiled method small and call only the Vector API's own (force-inlined) methods: C2 boxes, and so
 * allocates, every vector that crosses a call it does not inline, and it stops inlining once a
 * compilation has grown large (single-loop versions of tanh and log1p allocated on both JDKs).
 * tanh's and log1p's main passes are over 325 bytes of bytecode, so C2 does not inline them into
 * their caller ({@code -XX:FreqInlineSize}). JDK 17 still boxes in the last pass of tanh and log1p
 * after the matmul kernel has run, which is why {@link ArrayMath} uses this class from JDK 25 on.
 */
final class VectorMath extends ArrayMath {

    private static final VectorSpecies<Double> S = VectorEngine.S;
    private static final int VL = S.length();
    private static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);
    /** Elements per chunk. */
    private static final int CHUNK = 256;
    /**
     * Shorter ranges take the scalar loop. A JVM runs a vector method in code that boxes every
     * vector (and allocates) until C2 has compiled it, after thousands of calls: a workload whose
     * calls are all short (mini-batches of 64: one call per batch) took longer than the benchmark's
     * 8 s warm-up to get there on JDK 25, while such calls gain little from vectors.
     */
    static final int MIN_LENGTH = 128;
    /** Per thread: the table indices and entries of one chunk. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final long[] index = new long[CHUNK];
        final double[] t1 = new double[CHUNK];
        final double[] t2 = new double[CHUNK];
        final double[] t3 = new double[CHUNK];
    }

    /** Public no-arg constructor, for reflective loading. */
    public VectorMath() {
        if (CHUNK % VL != 0) {
            throw new UnsupportedOperationException(VL + "-lane vectors"); // ArrayMath falls back to plain Java
        }
    }

    @Override
    String name() {
        return "vector(" + S.vectorBitSize() + "-bit)";
    }

    @Override
    void tanh(double[] a, int from, int to) {
        if (to - from < MIN_LENGTH) {
            super.tanh(a, from, to);
            return;
        }
        Scratch s = SCRATCH.get();
        int end = from + S.loopBound(to - from);
        for (int c = from; c < end; c += CHUNK) {
            int n = Math.min(CHUNK, end - c);
            tanhTables(a, c, n, s);
            tanhExp(a, c, n, s);
            tanhFinish(a, c, n, s);
        }
        super.tanh(a, end, to);
    }

    /** tanh, pass 1: EXP_HI[j], EXP_LO[j] of e^{2|x|} = 2^k·2^(j/128)·e^r into t1, t2. */
    private static void tanhTables(double[] a, int from, int n, Scratch s) {
        long[] index = s.index;
        for (int i = 0; i < n; i += VL) {
            DoubleVector ax = DoubleVector.fromArray(S, a, from + i).abs();
            ax.add(ax).fma(INV_LN2_N, SHIFT).viewAsIntegralLanes().and(N - 1).intoArray(index, i);
        }
        double[] tHis = s.t1;
        double[] tLos = s.t2;
        for (int i = 0; i < n; i++) {
            int j = (int) index[i];
            tHis[i] = EXP_HI[j];
            tLos[i] = EXP_LO[j];
        }
    }

    /**
     * tanh, pass 2, the first half of {@code PortableMath.tanhLarge}: e^{2|x|} = t1 + t2 in
     * double-double, from the table entries in t1, t2.
     */
    private static void tanhExp(double[] a, int from, int n, Scratch s) {
        double[] t1 = s.t1;
        double[] t2 = s.t2;
        DoubleVector minusLn2NHi = DoubleVector.broadcast(S, -LN2_N_HI);
        DoubleVector e6 = DoubleVector.broadcast(S, E6);
        for (int i = 0; i < n; i += VL) {
            DoubleVector ax = DoubleVector.fromArray(S, a, from + i).abs();
            DoubleVector y = ax.add(ax);
            DoubleVector kd = y.fma(INV_LN2_N, SHIFT);
            LongVector ki = kd.viewAsIntegralLanes();
            kd = kd.sub(SHIFT);
            DoubleVector r = kd.fma(minusLn2NHi, y);
            DoubleVector rLo = kd.mul(-LN2_N_LO);
            DoubleVector scale = ki.lanewise(VectorOperators.LSHR, LOG2_N).add(1023)
                    .lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes(); // ki > 0: as >> 7
            DoubleVector tHi = DoubleVector.fromArray(S, t1, i);
            DoubleVector tLo = DoubleVector.fromArray(S, t2, i);
            DoubleVector r2 = r.mul(r);
            DoubleVector p = r2.fma(r2.fma(r2.fma(e6, r.fma(E5, E4)), r.fma(E3, E2)), r); // expm1Small(r)
            DoubleVector a1 = tHi.mul(p);
            DoubleVector a1Err = tHi.fma(p, a1.neg());
            DoubleVector sum = tHi.add(a1);
            DoubleVector lo = tHi.sub(sum).add(a1).add(a1Err).add(tHi.fma(rLo, tLo.fma(p, tLo)));
            sum.mul(scale).intoArray(t1, i);
            lo.mul(scale).intoArray(t2, i); // exact, as in tanhLarge: scale is a power of two
        }
    }

    /**
     * tanh, pass 3: 1 − 2/(e + 1) with e = t1 + t2 for |x| ≥ 1/4 (the second half of
     * {@code PortableMath.tanhLarge}), the polynomial below, the other branches blended in.
     */
    private static void tanhFinish(double[] a, int from, int n, Scratch s) {
        double[] es = s.t1;
        double[] eLos = s.t2;
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector two = DoubleVector.broadcast(S, 2.0);
        DoubleVector half = DoubleVector.broadcast(S, 0.5);
        DoubleVector quarter = DoubleVector.broadcast(S, 0.25);
        DoubleVector tiny = DoubleVector.broadcast(S, 0x1p-27);
        DoubleVector saturated = DoubleVector.broadcast(S, 22.0);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector t0 = DoubleVector.broadcast(S, T0);
        DoubleVector t1 = DoubleVector.broadcast(S, T1);
        DoubleVector t2 = DoubleVector.broadcast(S, T2);
        DoubleVector t3 = DoubleVector.broadcast(S, T3);
        DoubleVector t4 = DoubleVector.broadcast(S, T4);
        DoubleVector t5 = DoubleVector.broadcast(S, T5);
        DoubleVector t6 = DoubleVector.broadcast(S, T6);
        DoubleVector t7 = DoubleVector.broadcast(S, T7);
        for (int i = 0; i < n; i += VL) {
            DoubleVector x = DoubleVector.fromArray(S, a, from + i);
            DoubleVector ax = x.abs();
            VectorMask<Double> negative = x.compare(VectorOperators.LT, zero);
            DoubleVector e = DoubleVector.fromArray(S, es, i);
            DoubleVector d = e.add(one);
            DoubleVector dLo = e.sub(d).add(one).add(DoubleVector.fromArray(S, eLos, i));
            DoubleVector qHi = two.div(d);
            DoubleVector qLo = qHi.neg().fma(d, two).sub(qHi.mul(dLo)).mul(qHi.mul(half));
            DoubleVector res = one.sub(qHi);
            DoubleVector resLo = one.sub(res).sub(qHi).sub(qLo);
            DoubleVector large = res.add(resLo); // > 0; copySign(large, x) below
            // |x| < 1/4: x + x³·P(x²)
            DoubleVector t = x.mul(x);
            DoubleVector tt = t.mul(t);
            DoubleVector tttt = tt.mul(tt);
            DoubleVector q = t.fma(t1, t0).add(tt.mul(t.fma(t3, t2))).add(tttt.mul(t.fma(t5, t4).add(tt.mul(t.fma(t7, t6)))));
            large.blend(large.neg(), negative)
                    .blend(x.fma(t.mul(q), x), ax.compare(VectorOperators.LT, quarter))
                    .blend(x, ax.compare(VectorOperators.LT, tiny))
                    .blend(one.blend(one.neg(), negative), ax.compare(VectorOperators.GE, saturated)) // copySign(1, x)
                    .blend(x.add(x), x.compare(VectorOperators.NE, x)) // NaN
                    .intoArray(a, from + i);
        }
    }

    @Override
    void exp(double[] a, int from, int to) {
        if (to - from < MIN_LENGTH) {
            super.exp(a, from, to);
            return;
        }
        Scratch s = SCRATCH.get();
        long[] index = s.index;
        double[] tHis = s.t1;
        double[] tLos = s.t2;
        DoubleVector minusLn2NHi = DoubleVector.broadcast(S, -LN2_N_HI);
        DoubleVector minusLn2NLo = DoubleVector.broadcast(S, -LN2_N_LO);
        DoubleVector e6 = DoubleVector.broadcast(S, E6);
        int end = from + S.loopBound(to - from);
        for (int c = from; c < end; c += CHUNK) {
            int n = Math.min(CHUNK, end - c);
            for (int i = 0; i < n; i += VL) { // j of e^x = 2^k·2^(j/128)·e^r
                DoubleVector.fromArray(S, a, c + i).fma(INV_LN2_N, SHIFT).viewAsIntegralLanes().and(N - 1)
                        .intoArray(index, i);
            }
            for (int i = 0; i < n; i++) {
                int j = (int) index[i];
                tHis[i] = EXP_HI[j];
                tLos[i] = EXP_LO[j];
            }
            for (int i = 0; i < n; i += VL) {
                DoubleVector x = DoubleVector.fromArray(S, a, c + i);
                if (x.abs().lt(708.0).not().anyTrue()) { // overflow, underflow, subnormal results or NaN
                    for (int l = c + i; l < c + i + VL; l++) {
                        a[l] = PortableMath.exp(a[l]);
                    }
                    continue;
                }
                DoubleVector kd = x.fma(INV_LN2_N, SHIFT);
                LongVector ki = kd.viewAsIntegralLanes();
                kd = kd.sub(SHIFT);
                DoubleVector r = kd.fma(minusLn2NLo, kd.fma(minusLn2NHi, x));
                DoubleVector scale = ki.lanewise(VectorOperators.LSHR, LOG2_N).add(1023)
                        .lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes(); // ki > 0: as >> 7
                DoubleVector tHi = DoubleVector.fromArray(S, tHis, i);
                DoubleVector r2 = r.mul(r);
                DoubleVector p = r2.fma(r2.fma(r2.fma(e6, r.fma(E5, E4)), r.fma(E3, E2)), r); // expm1Small(r)
                scale.mul(tHi.add(tHi.fma(p, DoubleVector.fromArray(S, tLos, i)))).intoArray(a, c + i);
            }
        }
        super.exp(a, end, to);
    }

    @Override
    void log1p(double[] a, int from, int to) {
        if (to - from < MIN_LENGTH) {
            super.log1p(a, from, to);
            return;
        }
        Scratch s = SCRATCH.get();
        int end = from + S.loopBound(to - from);
        for (int c = from; c < end; c += CHUNK) {
            int n = Math.min(CHUNK, end - c);
            log1pTables(a, c, n, s);
            log1pMain(a, c, n, s);
            log1pFinish(a, c, n, s);
        }
        super.log1p(a, end, to);
    }

    /** log1p, pass 1: LOG_INVC[i], LOG_C_HI[i], LOG_C_LO[i] of u = 1 + x = 2^k·z, z ≈ 1 + i/128, into t1, t2, t3. */
    private static void log1pTables(double[] a, int from, int n, Scratch s) {
        long[] index = s.index;
        for (int i = 0; i < n; i += VL) {
            DoubleVector.fromArray(S, a, from + i).add(1.0).viewAsIntegralLanes().add(1L << 44)
                    .lanewise(VectorOperators.LSHR, 45).and(N - 1).intoArray(index, i);
        }
        double[] invcs = s.t1;
        double[] cHis = s.t2;
        double[] cLos = s.t3;
        for (int i = 0; i < n; i++) {
            int j = (int) index[i];
            invcs[i] = LOG_INVC[j];
            cHis[i] = LOG_C_HI[j];
            cLos[i] = LOG_C_LO[j];
        }
    }

    /**
     * log1p, pass 2, for |x| ≥ 2^-8: k·ln2 − log(invc) + log1p(z·invc − 1) + c/u as hi (into t1),
     * the terms of lo but the last (t2) and r (t3), from the table entries in t1, t2, t3.
     */
    private static void log1pMain(double[] a, int from, int n, Scratch s) {
        double[] t1 = s.t1;
        double[] t2 = s.t2;
        double[] t3 = s.t3;
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector ln2Lo = DoubleVector.broadcast(S, LN2_LO);
        for (int i = 0; i < n; i += VL) {
            DoubleVector x = DoubleVector.fromArray(S, a, from + i);
            DoubleVector u = x.add(1.0);
            DoubleVector b = u.sub(1.0);
            DoubleVector c = one.sub(u.sub(b)).add(x.sub(b));
            LongVector ix = u.viewAsIntegralLanes();
            LongVector k = ix.add(1L << 44).lanewise(VectorOperators.LSHR, 52).sub(1023); // u > 0: as >> 52
            DoubleVector z = ix.sub(k.lanewise(VectorOperators.LSHL, 52)).viewAsFloatingLanes();
            DoubleVector invc = DoubleVector.fromArray(S, t1, i);
            DoubleVector cHi = DoubleVector.fromArray(S, t2, i);
            DoubleVector p = z.mul(invc);
            DoubleVector pErr = z.fma(invc, p.neg());
            DoubleVector r = p.sub(1.0);
            DoubleVector kd = k.add(SHIFT_BITS).viewAsFloatingLanes().sub(SHIFT); // (double) k, exactly
            DoubleVector w1 = kd.mul(LN2_HI);
            DoubleVector w = w1.add(cHi);
            DoubleVector wErr = w1.sub(w).add(cHi);
            DoubleVector hi = w.add(r);
            DoubleVector hiErr = w.sub(hi).add(r);
            hiErr.add(wErr).add(kd.fma(ln2Lo, DoubleVector.fromArray(S, t3, i))).add(pErr.fma(r.neg(), pErr))
                    .add(c.div(u)).intoArray(t2, i);
            hi.intoArray(t1, i);
            r.intoArray(t3, i);
        }
    }

    /**
     * log1p, pass 3: hi + (lo + r²·tail(r)) from t1, t2, t3, the polynomial for |x| &lt; 2^-8, the
     * tiny arguments blended in; vectors with a lane of −1, below, +∞ or NaN in scalar code.
     */
    private static void log1pFinish(double[] a, int from, int n, Scratch s) {
        double[] t1 = s.t1;
        double[] t2 = s.t2;
        double[] t3 = s.t3;
        DoubleVector l8 = DoubleVector.broadcast(S, L8);
        for (int i = 0; i < n; i += VL) {
            DoubleVector x = DoubleVector.fromArray(S, a, from + i);
            DoubleVector ax = x.abs();
            VectorMask<Double> small = ax.lt(0x1p-8);
            if (x.compare(VectorOperators.GT, -1.0).and(x.lt(Double.POSITIVE_INFINITY)).or(small).not().anyTrue()) {
                for (int l = from + i; l < from + i + VL; l++) {
                    a[l] = PortableMath.log1p(a[l]);
                }
                continue;
            }
            DoubleVector r = DoubleVector.fromArray(S, t3, i);
            // log1pTail of r, or of x in the small lanes
            DoubleVector v = r.blend(x, small);
            DoubleVector v2 = v.mul(v);
            DoubleVector v4 = v2.mul(v2);
            DoubleVector tail = v4.fma(v2.fma(l8, v.fma(L7, L6)), v2.fma(v.fma(L5, L4), v.fma(L3, L2)));
            DoubleVector lo = DoubleVector.fromArray(S, t2, i).add(r.mul(r).mul(tail));
            DoubleVector.fromArray(S, t1, i).add(lo)
                    .blend(x.mul(x).fma(tail, x), small) // |x| < 2^-8: x + x²·tail(x)
                    .blend(x, ax.lt(0x1p-54))
                    .intoArray(a, from + i);
        }
    }
}
