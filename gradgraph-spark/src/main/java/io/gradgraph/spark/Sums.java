package io.gradgraph.spark;

import java.io.Serializable;

/**
 * Running sums of the cost and of every gradient element over examples, as the aggregate of a
 * Spark job. Each element is a double-double (a sum and the rounding error TwoSum recovered), so
 * the double it rounds to does not depend on the order in which Spark combines partitions, which
 * follows task completion: a run gives the same bits every time.
 */
final class Sums implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] hi;
    private final double[] lo;
    private long examples;

    Sums(int size) {
        hi = new double[size];
        lo = new double[size];
    }

    /** Adds {@code scale · values[k]} to element {@code offset + k}. */
    void add(int offset, double[] values, int count, double scale) {
        for (int k = 0; k < count; k++) {
            twoSum(offset + k, scale * values[k]);
        }
    }

    void addExamples(long count) {
        examples += count;
    }

    private void twoSum(int i, double x) {
        double a = hi[i];
        double s = a + x;
        double bv = s - a;
        double err = (a - (s - bv)) + (x - bv);
        hi[i] = s;
        lo[i] += err;
    }

    /** Adds another partial sum into this one and returns this. */
    Sums merge(Sums other) {
        for (int i = 0; i < hi.length; i++) {
            twoSum(i, other.hi[i]);
            lo[i] += other.lo[i];
        }
        examples += other.examples;
        return this;
    }

    long examples() {
        return examples;
    }

    /** The sum of element {@code i}, rounded to a double. */
    double value(int i) {
        return hi[i] + lo[i];
    }

    int size() {
        return hi.length;
    }
}
