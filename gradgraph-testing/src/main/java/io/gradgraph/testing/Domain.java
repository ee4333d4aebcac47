package io.gradgraph.testing;

import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.ejml.data.DMatrixRMaj;

/**
 * Where an op's input may lie for a gradient check to mean something: values are drawn from
 * {@code [low, high]}, at least {@code margin} away from every point in {@code avoid} (a kink such
 * as relu's 0, or a pole such as a divisor's 0), and {@code into} maps any real-valued node into
 * the domain (how random graphs feed an arbitrary intermediate to the op).
 *
 * <pre>{@code
 * Domain.REAL.avoiding(0)          // relu: any real, but not within 0.05 of its kink
 * Domain.POSITIVE                  // log, sqrt: values in [0.1, 2]; a node x enters as 0.5 + x²
 * }</pre>
 *
 * @param name   for messages, e.g. {@code "positive"}
 * @param low    smallest value drawn
 * @param high   largest value drawn
 * @param avoid  points no value comes within {@code margin} of
 * @param margin distance kept from the points in {@code avoid}
 * @param into   (graph, any node) → a node of the same shape whose values lie in the domain
 */
public record Domain(String name, double low, double high, List<Double> avoid, double margin, Transform into) {

    /** Maps a node with arbitrary real values to one whose values lie in a domain. */
    @FunctionalInterface
    public interface Transform {
        Node apply(Graph g, Node x);
    }

    /** Any real value; values are drawn from [−2, 2]. */
    public static final Domain REAL = of("real", -2, 2, (g, x) -> x);
    /** Reals of moderate size, for ops that grow fast (exp, cubes): a node x enters as 2·tanh(x). */
    public static final Domain BOUNDED = of("bounded", -2, 2, (g, x) -> g.mul(g.constant(2), g.tanh(x)));
    /** Positive values (log, sqrt, fractional powers): drawn from [0.1, 2]; a node x enters as 0.5 + x². */
    public static final Domain POSITIVE = of("positive", 0.1, 2, (g, x) -> g.add(g.constant(0.5), g.square(x)));
    /** Values away from 0 of either sign (divisors): |v| in [0.5, 2]; a node x enters as 1 + x². */
    public static final Domain NONZERO = new Domain("non-zero", -2, 2, List.of(0.0), 0.5,
            (g, x) -> g.add(g.constant(1), g.square(x)));
    /** Probabilities strictly inside (0, 1): drawn from [0.05, 0.95]; a node x enters as 0.5 + 0.4·tanh(x). */
    public static final Domain PROBABILITY = of("probability", 0.05, 0.95,
            (g, x) -> g.add(g.constant(0.5), g.mul(g.constant(0.4), g.tanh(x))));
    /** Labels (soft or hard) in [0, 1]; a node x enters as σ(x). */
    public static final Domain LABEL = of("label", 0, 1, (g, x) -> g.sigmoid(x));

    public Domain {
        if (!(low < high)) {
            throw new IllegalArgumentException("domain " + name + ": low " + low + " must be below high " + high);
        }
        avoid = List.copyOf(avoid);
        if (margin < 0) {
            throw new IllegalArgumentException("domain " + name + ": negative margin " + margin);
        }
    }

    private static Domain of(String name, double low, double high, Transform into) {
        return new Domain(name, low, high, List.of(), 0, into);
    }

    /** This domain, also keeping 0.05 away from each of {@code points} (an op's kinks). */
    public Domain avoiding(double... points) {
        List<Double> all = new ArrayList<>(avoid);
        for (double p : points) {
            all.add(p);
        }
        return new Domain(name + " avoiding " + all, low, high, all, Math.max(margin, 0.05), into);
    }

    /** True when {@code value} is in [low, high] and far enough from every avoided point. */
    public boolean contains(double value) {
        if (!(value >= low && value <= high)) {
            return false;
        }
        for (double p : avoid) {
            if (Math.abs(value - p) < margin) {
                return false;
            }
        }
        return true;
    }

    /** The smallest distance from {@code value} to an avoided point (infinite when none). */
    public double distanceToAvoided(double value) {
        double min = Double.POSITIVE_INFINITY;
        for (double p : avoid) {
            min = Math.min(min, Math.abs(value - p));
        }
        return min;
    }

    /** A value of the domain, uniformly drawn (rejecting those too near an avoided point). */
    public double sample(Random random) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            double v = low + (high - low) * random.nextDouble();
            if (contains(v)) {
                return v;
            }
        }
        throw new IllegalStateException("domain " + name + " has (almost) no values");
    }

    /** A rows × cols matrix of values of the domain. */
    public DMatrixRMaj sample(Random random, int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = sample(random);
        }
        return m;
    }

    /** jqwik: values of the domain (shrinking towards {@code low}). */
    public Arbitrary<Double> values() {
        return Arbitraries.doubles().between(low, high).filter(this::contains);
    }

    /** jqwik: rows × cols matrices of values of the domain. */
    public Arbitrary<DMatrixRMaj> matrices(int rows, int cols) {
        return values().array(double[].class).ofSize(rows * cols)
                .map(v -> new DMatrixRMaj(rows, cols, true, v));
    }

    @Override
    public String toString() {
        return name;
    }
}
