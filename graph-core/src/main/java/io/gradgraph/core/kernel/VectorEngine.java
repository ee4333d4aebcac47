package io.gradgraph.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API engine: a 4 × (2 vectors) FMA micro-kernel and vectorized packing. This is the only
 * class that touches {@code jdk.incubator.vector}; {@link MatMul} loads it reflectively, and only
 * when that module is in the boot layer, so nothing else ever links against the incubator module.
 *
 * <p>The vector width is the platform's preferred one ({@code DoubleVector.SPECIES_PREFERRED}:
 * 256-bit with AVX2, 512-bit with AVX-512). For benchmarking, {@code -Dgradgraph.matmul.bits=256}
 * (or 128/512) forces a width; a width the CPU lacks is emulated and very slow.
 */
final class VectorEngine extends Engine {

    static final VectorSpecies<Double> S = species();
    static final int VL = S.length();

    /** Public no-arg constructor, for reflective loading. */
    public VectorEngine() {
        // 4 rows × 2 vectors: 8 accumulators (4x8 with AVX2, 4x16 with AVX-512). Measured on Zen 4
        // against 4x3, 6x2 and 8x3 vector tiles: equal or better on the network's shapes, and it
        // leaves registers to spare on 16-register AVX2 machines. m = 20 also splits into 5 row tiles.
        super(4, 2 * VL, 256, 96, 1024);
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
    void kernel(int kc, double[] ap, int aOff, double[] bp, int bOff,
                double[] c, int cOff, int ldc, boolean add) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += 4, bi += 2 * VL) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + VL);
            DoubleVector a = DoubleVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
        }
        store(c00, c, cOff, add);
        store(c01, c, cOff + VL, add);
        cOff += ldc;
        store(c10, c, cOff, add);
        store(c11, c, cOff + VL, add);
        cOff += ldc;
        store(c20, c, cOff, add);
        store(c21, c, cOff + VL, add);
        cOff += ldc;
        store(c30, c, cOff, add);
        store(c31, c, cOff + VL, add);
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

    private static void store(DoubleVector v, double[] c, int off, boolean add) {
        if (add) {
            v = v.add(DoubleVector.fromArray(S, c, off));
        }
        v.intoArray(c, off);
    }
}
