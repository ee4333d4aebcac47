package io.gradgraph.core;

/**
 * A reduction (sum, max, …): how elements combine, shared by the interpreter, autodiff, the printer
 * and the code generator through {@link Structural.Reduce} and {@link Lowering.Reduce}. One reduction
 * is one entry here: {@link #SUM}, {@link #MAX}, {@link #MIN}.
 *
 * <p>The order of combination is fixed, so the interpreter and generated code give the same bits:
 * along a row or over everything, {@code acc = identity} then {@code acc = combine(acc, x)} left to
 * right (row-major); down the rows (axis 0), each column starts from its first row's element and
 * combines the later rows in order.
 */
public interface Reduction {

    /** The sum, numpy's {@code np.sum} (added left to right). */
    Reduction SUM = new Sum();

    /**
     * The maximum, numpy's {@code np.max} (NaN if any element is). Its gradient goes to the maximal
     * elements, split evenly when several are tied, as JAX does.
     */
    Reduction MAX = new Extremum(true);

    /** The minimum, numpy's {@code np.min}; its gradient is split evenly among tied minima. */
    Reduction MIN = new Extremum(false);

    /** The op's name in messages, e.g. {@code "sum"}. */
    String name();

    /** The value of an empty reduction, where accumulation starts along a row or over everything. */
    double identity();

    /** One step: the accumulated value combined with the next element. */
    double combine(double acc, double x);

    /** {@link #combine} as a Java expression over the given expressions; classes fully qualified. */
    String java(String acc, String x);

    /** The Java statement updating the local {@code acc} with {@code x} (by default {@code acc = java(acc, x)}). */
    default String javaUpdate(String acc, String x) {
        return acc + " = " + java(acc, x);
    }

    /**
     * The gradient with respect to the input of {@code out} (a {@link Structural.Reduce} of this
     * reduction), given the gradient {@code grad} with respect to {@code out}; see
     * {@link Structural.Reduce#expand} to bring a value of out's shape back to the input's.
     */
    Node vjp(Graph g, Node out, Node grad);

    /** The printed symbol: {@code Σ} in text, {@code \sum} in LaTeX. */
    String symbol(Notation notation);

    /** {@code identity} then {@link #combine} over {@code data[offset, offset + length)}, left to right. */
    default double reduce(double[] data, int offset, int length) {
        double acc = identity();
        for (int i = offset, end = offset + length; i < end; i++) {
            acc = combine(acc, data[i]);
        }
        return acc;
    }

    /** {@code acc[a + j] = combine(acc[a + j], x[xo + j])} for j &lt; n: one more row of a column reduction. */
    default void combineInto(double[] acc, int a, double[] x, int xo, int n) {
        for (int j = 0; j < n; j++) {
            acc[a + j] = combine(acc[a + j], x[xo + j]);
        }
    }

    /**
     * The maximum ({@code max}) or minimum: {@link Math#max}/{@link Math#min} from ±∞, so NaN
     * propagates. Gradient: {@code G / count} to each element equal to the result, where
     * {@code count} is how many are ({@code [X = max X]}, an {@link Elementwise.Equal} mask).
     */
    record Extremum(boolean max) implements Reduction {
        public String name() { return max ? "max" : "min"; }
        public double identity() { return max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY; }
        public double combine(double acc, double x) { return max ? Math.max(acc, x) : Math.min(acc, x); }
        public String java(String acc, String x) { return "java.lang.Math." + name() + "(" + acc + ", " + x + ")"; }

        public Node vjp(Graph g, Node out, Node grad) {
            Structural.Reduce op = (Structural.Reduce) out.op();
            Node x = out.input(0);
            Node mask = g.equal(x, Structural.Reduce.expand(g, out, out));
            Node count = g.sum(mask, op.axis(), op.keepdims());
            return g.mul(Structural.Reduce.expand(g, out, g.div(grad, count)), mask);
        }

        public String symbol(Notation notation) {
            return notation == Notation.LATEX ? "\\" + name() : name();
        }

        public double reduce(double[] data, int offset, int length) {
            double acc = identity();
            for (int i = offset, end = offset + length; i < end; i++) {
                acc = max ? Math.max(acc, data[i]) : Math.min(acc, data[i]);
            }
            return acc;
        }

        public void combineInto(double[] acc, int a, double[] x, int xo, int n) {
            for (int j = 0; j < n; j++) {
                acc[a + j] = max ? Math.max(acc[a + j], x[xo + j]) : Math.min(acc[a + j], x[xo + j]);
            }
        }
    }

    /** The sum; its loops are its own so that the addition is inlined (same bits as the defaults). */
    record Sum() implements Reduction {
        public String name() { return "sum"; }
        public double identity() { return 0.0; }
        public double combine(double acc, double x) { return acc + x; }
        public String java(String acc, String x) { return acc + " + " + x; }
        public String javaUpdate(String acc, String x) { return acc + " += " + x; }
        public Node vjp(Graph g, Node out, Node grad) { return Structural.Reduce.expand(g, out, grad); }
        public String symbol(Notation notation) { return notation == Notation.LATEX ? "\\sum" : "Σ"; }

        public double reduce(double[] data, int offset, int length) {
            double s = 0;
            for (int i = offset, end = offset + length; i < end; i++) {
                s += data[i];
            }
            return s;
        }

        public void combineInto(double[] acc, int a, double[] x, int xo, int n) {
            for (int j = 0; j < n; j++) {
                acc[a + j] += x[xo + j];
            }
        }
    }
}
