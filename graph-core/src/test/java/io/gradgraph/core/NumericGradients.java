package io.gradgraph.core;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/** Central differences of a scalar node, for checking autodiff in tests (here and in graph-codegen). */
public final class NumericGradients {
    private NumericGradients() {
    }

    /** d cost / d leaf by central differences with step h, perturbing the bound value in place. */
    public static DMatrixRMaj centralDifference(Executable costRun, Node cost, Bindings bindings, Node leaf, double h) {
        DMatrixRMaj value = bindings.get(((Leaf.Bound) leaf.op()).id());
        DMatrixRMaj grad = new DMatrixRMaj(value.numRows, value.numCols);
        for (int i = 0; i < value.getNumElements(); i++) {
            double saved = value.data[i];
            value.data[i] = saved + h;
            double plus = costRun.run(bindings).scalar(cost);
            value.data[i] = saved - h;
            double minus = costRun.run(bindings).scalar(cost);
            value.data[i] = saved;
            grad.data[i] = (plus - minus) / (2 * h);
        }
        return grad;
    }

    /**
     * The course's relative difference {@code ‖g − g̃‖ / (‖g‖ + ‖g̃‖)}, with the denominator kept at
     * least {@code floor}: where the true gradient is (near) zero a relative error means nothing,
     * and the floor turns the check into an absolute one.
     */
    public static double relativeError(DMatrixRMaj analytic, DMatrixRMaj numeric, double floor) {
        double diff = 0;
        double a = 0;
        double b = 0;
        for (int i = 0; i < analytic.getNumElements(); i++) {
            double d = analytic.data[i] - numeric.data[i];
            diff += d * d;
            a += analytic.data[i] * analytic.data[i];
            b += numeric.data[i] * numeric.data[i];
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(a) + Math.sqrt(b), floor);
    }

    /**
     * How close the values are to a kink or a tie of a non-smooth op the nodes depend on: the
     * smallest |x| at relu, leaky relu, step, abs and sign, |a − b| at maximum, minimum and
     * heaviside, the distance to a bound at clip. Central differences across a kink are
     * meaningless, so properties keep such samples out.
     */
    public static double distanceToKinks(List<Node> nodes, Bindings bindings) {
        List<Node> kinked = Graph.topologicalOrder(nodes).stream().filter(n -> kinkDistance(n.op(), 0, 0) != null)
                .toList();
        if (kinked.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        List<Node> inputs = kinked.stream().flatMap(n -> n.inputs().stream()).distinct().toList();
        Results r = Interpreter.of(inputs).run(bindings);
        double min = Double.POSITIVE_INFINITY;
        for (Node n : kinked) {
            DMatrixRMaj a = r.get(n.input(0));
            DMatrixRMaj b = n.inputs().size() > 1 ? r.get(n.input(1)) : a;
            int rows = Math.max(a.numRows, b.numRows);
            int cols = Math.max(a.numCols, b.numCols);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double x = a.get(a.numRows == 1 ? 0 : i, a.numCols == 1 ? 0 : j);
                    double y = b.get(b.numRows == 1 ? 0 : i, b.numCols == 1 ? 0 : j);
                    min = Math.min(min, kinkDistance(n.op(), x, y));
                }
            }
        }
        return min;
    }

    /** The distance of (x, y) from the op's kinks, or null for a smooth op. */
    private static Double kinkDistance(Op op, double x, double y) {
        if (op instanceof Elementwise.Relu || op instanceof Elementwise.LeakyRelu || op instanceof Elementwise.Step
                || op instanceof Elementwise.Abs || op instanceof Elementwise.Sign) {
            return Math.abs(x);
        }
        if (op instanceof Elementwise.Maximum || op instanceof Elementwise.Minimum
                || op instanceof Elementwise.Heaviside) {
            return Math.abs(x - y);
        }
        if (op instanceof Elementwise.Clip c) {
            return Math.min(Math.abs(x - c.lo()), Math.abs(x - c.hi()));
        }
        return null;
    }
}
