package io.gradgraph.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API engine: a 4 × (2 vectors) FMA micro-kernel and vectorized packing.
 * {@link KernelProvider} loads it reflectively, and only when that module is in the boot layer, so
 * nothing but the vector classes (this one, {@link VectorThin}, {@link VectorMath}) ever links
 * against the incubator module.
 *
 * <p>The vector width is the platform's preferred one ({@code DoubleVector.SPECIES_PREFERRED}:
 * 256-bit with AVX2, 512-bit with AVX-512). For benchmarking, {@code -Dgradgraph.matmul.bits=256}
 * (or 128/512) forces a width; a width the CPU lacks is emulated and very slow.
 */
final class VectorEngine extends Engine {

    /**
     * The one species of every kernel here, the platform's preferred one. With a second
     * DoubleVector shape in the JVM, C2's speculation on the vectors' classes at the Vector API's
     * shared bytecodes fails, and its code may call vector methods out of line, boxing every vector:
     * on JDK 17 always, on JDK 25 (when the transposed tile ran on 256-bit vectors) in about one deep
     * run in 20–30, which then took ten times as long (docs/performance.md).
     */
    static final VectorSpecies<Double> S = species();
    static final int VL = S.length();

    /** Vectors per row of the transposed tile of {@link #S}: 2, 3 or 5. */
    private final int tVectors;
    /** The Vector-API thin loops, or the plain-Java ones for a vector width they do not support. */
    private final Thin thin = vectorThin();

    /** Public no-arg constructor, for reflective loading. */
    public VectorEngine() {
        this(defaultTVectors());
    }

    /**
     * The transposed tile: 4 × 5 vectors (20 accumulators) needs 32 vector registers (AVX-512,
     * NEON) and, with 4 lanes, fits m = 20 exactly; with 8 lanes 4 × 3 (24 lanes) is used instead; a
     * 256-bit preferred width means AVX2 with 16 registers, where 4 × 2 fits.
     */
    private static int defaultTVectors() {
        if (S.vectorBitSize() == 256) {
            return 2;
        }
        return VL <= 4 ? 5 : 3;
    }

    /** With a given transposed-tile width in vectors, 2, 3 or 5 (package-private: tests use all). */
    VectorEngine(int tVectors) {
        // 4 rows × 2 vectors: 8 accumulators (4x8 with AVX2, 4x16 with AVX-512). Measured on Zen 4
        // against 4x3, 6x2 and 8x3 vector tiles: equal or better on the network's shapes, and it
        // leaves registers to spare on 16-register AVX2 machines. m = 20 also splits into 5 row tiles.
        super(4, 2 * VL, 256, 96, 1024, tnr(tVectors), 32);
        this.tVectors = tVectors;
    }

    private static int tnr(int v) {
        switch (v) {
            case 2:
            case 3:
            case 5:
                return v * VL;
            default:
                throw new IllegalArgumentException("transposed tile width must be 2, 3 or 5 vectors: " + v);
        }
    }

    private static VectorSpecies<Double> species() {
        String bits = System.getProperty("gradgraph.matmul.bits", "").trim();
        switch (bits) {
            case "128":
                return DoubleVector.SPECIES_128;
            case "256":
                return DoubleVector.SPECIES_256;
            case "512":
                return DoubleVector.SPECIES_512;
            default:
                return DoubleVector.SPECIES_PREFERRED;
        }
    }

    @Override
    String name() {
        return "vector(" + S.vectorBitSize() + "-bit " + mr + "x" + nr + ")";
    }

    @Override
    Thin thin() {
        return thin;
    }

    private static Thin vectorThin() {
        try {
            return new VectorThin();
        } catch (UnsupportedOperationException e) {
            return new Thin();
        }
    }

    @Override
    void kernel(int kc, double[] a, int a0, int a1, int a2, int a3, int aps, double[] b, int bOff, int ldb,
                double[] c, int cOff, int ldc, boolean add) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        for (int p = 0, bi = bOff; p < kc; p++, a0 += aps, a1 += aps, a2 += aps, a3 += aps, bi += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + VL);
            DoubleVector av = DoubleVector.broadcast(S, a[a0]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = DoubleVector.broadcast(S, a[a1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = DoubleVector.broadcast(S, a[a2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = DoubleVector.broadcast(S, a[a3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        // written out, not through a helper taking a vector: C2 boxes (allocates) a vector passed to
        // a method it does not inline, and after a deoptimization it may decline to inline a helper
        // whose quickly compiled code is large
        int r1 = cOff + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        if (add) {
            c00 = c00.add(DoubleVector.fromArray(S, c, cOff));
            c01 = c01.add(DoubleVector.fromArray(S, c, cOff + VL));
            c10 = c10.add(DoubleVector.fromArray(S, c, r1));
            c11 = c11.add(DoubleVector.fromArray(S, c, r1 + VL));
            c20 = c20.add(DoubleVector.fromArray(S, c, r2));
            c21 = c21.add(DoubleVector.fromArray(S, c, r2 + VL));
            c30 = c30.add(DoubleVector.fromArray(S, c, r3));
            c31 = c31.add(DoubleVector.fromArray(S, c, r3 + VL));
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + VL);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + VL);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + VL);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + VL);
    }

    @Override
    void kernelT(int kc, double[] x, int x0, int x1, int x2, int x3, double[] ap, int aOff, double[] t) {
        if (tVectors == 5) {
            kernelT5(kc, x, x0, x1, x2, x3, ap, aOff, t);
        } else if (tVectors == 3) {
            kernelT3(kc, x, x0, x1, x2, x3, ap, aOff, t);
        } else {
            kernelT2(kc, x, x0, x1, x2, x3, ap, aOff, t);
        }
    }

    /**
     * 4 rows of x × 5 vectors of lanes. Per element the same FMA chain as {@link #kernel}:
     * fma(x, a, acc) rounds x·a + acc once, exactly like fma(a, x, acc).
     */
    private static void kernelT5(int kc, double[] x, int x0, int x1, int x2, int x3, double[] ap, int aOff,
                                 double[] t) {
        final VectorSpecies<Double> s = S;
        final int w = VL;
        DoubleVector z = DoubleVector.zero(s);
        DoubleVector c00 = z, c01 = z, c02 = z, c03 = z, c04 = z;
        DoubleVector c10 = z, c11 = z, c12 = z, c13 = z, c14 = z;
        DoubleVector c20 = z, c21 = z, c22 = z, c23 = z, c24 = z;
        DoubleVector c30 = z, c31 = z, c32 = z, c33 = z, c34 = z;
        for (int p = 0, ai = aOff; p < kc; p++, ai += 5 * w) {
            DoubleVector a0 = DoubleVector.fromArray(s, ap, ai);
            DoubleVector a1 = DoubleVector.fromArray(s, ap, ai + w);
            DoubleVector a2 = DoubleVector.fromArray(s, ap, ai + 2 * w);
            DoubleVector a3 = DoubleVector.fromArray(s, ap, ai + 3 * w);
            DoubleVector a4 = DoubleVector.fromArray(s, ap, ai + 4 * w);
            DoubleVector b = DoubleVector.broadcast(s, x[x0 + p]);
            c00 = b.fma(a0, c00);
            c01 = b.fma(a1, c01);
            c02 = b.fma(a2, c02);
            c03 = b.fma(a3, c03);
            c04 = b.fma(a4, c04);
            b = DoubleVector.broadcast(s, x[x1 + p]);
            c10 = b.fma(a0, c10);
            c11 = b.fma(a1, c11);
            c12 = b.fma(a2, c12);
            c13 = b.fma(a3, c13);
            c14 = b.fma(a4, c14);
            b = DoubleVector.broadcast(s, x[x2 + p]);
            c20 = b.fma(a0, c20);
            c21 = b.fma(a1, c21);
            c22 = b.fma(a2, c22);
            c23 = b.fma(a3, c23);
            c24 = b.fma(a4, c24);
            b = DoubleVector.broadcast(s, x[x3 + p]);
            c30 = b.fma(a0, c30);
            c31 = b.fma(a1, c31);
            c32 = b.fma(a2, c32);
            c33 = b.fma(a3, c33);
            c34 = b.fma(a4, c34);
        }
        int r = 5 * w;
        c00.intoArray(t, 0);
        c01.intoArray(t, w);
        c02.intoArray(t, 2 * w);
        c03.intoArray(t, 3 * w);
        c04.intoArray(t, 4 * w);
        c10.intoArray(t, r);
        c11.intoArray(t, r + w);
        c12.intoArray(t, r + 2 * w);
        c13.intoArray(t, r + 3 * w);
        c14.intoArray(t, r + 4 * w);
        c20.intoArray(t, 2 * r);
        c21.intoArray(t, 2 * r + w);
        c22.intoArray(t, 2 * r + 2 * w);
        c23.intoArray(t, 2 * r + 3 * w);
        c24.intoArray(t, 2 * r + 4 * w);
        c30.intoArray(t, 3 * r);
        c31.intoArray(t, 3 * r + w);
        c32.intoArray(t, 3 * r + 2 * w);
        c33.intoArray(t, 3 * r + 3 * w);
        c34.intoArray(t, 3 * r + 4 * w);
    }

    /** 4 rows of x × 3 vectors of lanes of {@link #S}; as {@link #kernelT5}. */
    private static void kernelT3(int kc, double[] x, int x0, int x1, int x2, int x3, double[] ap, int aOff,
                                 double[] t) {
        final VectorSpecies<Double> s = S;
        final int w = VL;
        DoubleVector z = DoubleVector.zero(s);
        DoubleVector c00 = z, c01 = z, c02 = z, c10 = z, c11 = z, c12 = z;
        DoubleVector c20 = z, c21 = z, c22 = z, c30 = z, c31 = z, c32 = z;
        for (int p = 0, ai = aOff; p < kc; p++, ai += 3 * w) {
            DoubleVector a0 = DoubleVector.fromArray(s, ap, ai);
            DoubleVector a1 = DoubleVector.fromArray(s, ap, ai + w);
            DoubleVector a2 = DoubleVector.fromArray(s, ap, ai + 2 * w);
            DoubleVector b = DoubleVector.broadcast(s, x[x0 + p]);
            c00 = b.fma(a0, c00);
            c01 = b.fma(a1, c01);
            c02 = b.fma(a2, c02);
            b = DoubleVector.broadcast(s, x[x1 + p]);
            c10 = b.fma(a0, c10);
            c11 = b.fma(a1, c11);
            c12 = b.fma(a2, c12);
            b = DoubleVector.broadcast(s, x[x2 + p]);
            c20 = b.fma(a0, c20);
            c21 = b.fma(a1, c21);
            c22 = b.fma(a2, c22);
            b = DoubleVector.broadcast(s, x[x3 + p]);
            c30 = b.fma(a0, c30);
            c31 = b.fma(a1, c31);
            c32 = b.fma(a2, c32);
        }
        int r = 3 * w;
        c00.intoArray(t, 0);
        c01.intoArray(t, w);
        c02.intoArray(t, 2 * w);
        c10.intoArray(t, r);
        c11.intoArray(t, r + w);
        c12.intoArray(t, r + 2 * w);
        c20.intoArray(t, 2 * r);
        c21.intoArray(t, 2 * r + w);
        c22.intoArray(t, 2 * r + 2 * w);
        c30.intoArray(t, 3 * r);
        c31.intoArray(t, 3 * r + w);
        c32.intoArray(t, 3 * r + 2 * w);
    }

    /** 4 rows of x × 2 vectors of lanes (for 16-register machines); as {@link #kernelT5}. */
    private static void kernelT2(int kc, double[] x, int x0, int x1, int x2, int x3, double[] ap, int aOff,
                                 double[] t) {
        final VectorSpecies<Double> s = S;
        final int w = VL;
        DoubleVector z = DoubleVector.zero(s);
        DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        for (int p = 0, ai = aOff; p < kc; p++, ai += 2 * w) {
            DoubleVector a0 = DoubleVector.fromArray(s, ap, ai);
            DoubleVector a1 = DoubleVector.fromArray(s, ap, ai + w);
            DoubleVector b = DoubleVector.broadcast(s, x[x0 + p]);
            c00 = b.fma(a0, c00);
            c01 = b.fma(a1, c01);
            b = DoubleVector.broadcast(s, x[x1 + p]);
            c10 = b.fma(a0, c10);
            c11 = b.fma(a1, c11);
            b = DoubleVector.broadcast(s, x[x2 + p]);
            c20 = b.fma(a0, c20);
            c21 = b.fma(a1, c21);
            b = DoubleVector.broadcast(s, x[x3 + p]);
            c30 = b.fma(a0, c30);
            c31 = b.fma(a1, c31);
        }
        int r = 2 * w;
        c00.intoArray(t, 0);
        c01.intoArray(t, w);
        c10.intoArray(t, r);
        c11.intoArray(t, r + w);
        c20.intoArray(t, 2 * r);
        c21.intoArray(t, 2 * r + w);
        c30.intoArray(t, 3 * r);
        c31.intoArray(t, 3 * r + w);
    }

    @Override
    void packBRows(double[] bp, int step, double[] b, int src, int n, int kcb, int ncb) {
        final int nr = this.nr;
        final int full = ncb / nr * nr;
        for (int p = 0; p < kcb; p++, src += n) {
            int d = p * nr;
            for (int jr = 0; jr < full; jr += nr, d += step) {
                for (int v = 0; v < nr; v += VL) {
                    DoubleVector.fromArray(S, b, src + jr + v).intoArray(bp, d + v);
                }
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
}
