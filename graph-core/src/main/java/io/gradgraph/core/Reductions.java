package io.gradgraph.core;

/**
 * The interpreter's summation order, left to right; the code generator's fused sums add in the
 * same order, so both give the same bits.
 */
final class Reductions {
    private Reductions() {
    }

    /** Sequential left-to-right sum, numpy's order for short rows. */
    static double sum(double[] data, int offset, int length) {
        double s = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            s += data[i];
        }
        return s;
    }
}
