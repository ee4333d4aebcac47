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

    /** The smallest |x| over every input of a kinked op (relu, leaky relu, step) the nodes depend on. */
    public static double distanceToKinks(List<Node> nodes, Bindings bindings) {
        List<Node> kinkInputs = Graph.topologicalOrder(nodes).stream()
                .filter(n -> n.op() instanceof Elementwise.Relu || n.op() instanceof Elementwise.LeakyRelu
                        || n.op() instanceof Elementwise.Step)
                .map(n -> n.input(0)).distinct().toList();
        if (kinkInputs.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        Results r = Interpreter.of(kinkInputs).run(bindings);
        double min = Double.POSITIVE_INFINITY;
        for (Node n : kinkInputs) {
            for (double v : r.get(n).data) {
                min = Math.min(min, Math.abs(v));
            }
        }
        return min;
    }
}
