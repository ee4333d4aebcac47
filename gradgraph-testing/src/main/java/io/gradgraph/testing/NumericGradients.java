package io.gradgraph.testing;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Executable;
import io.gradgraph.core.GraphException;
import io.gradgraph.core.Leaf;
import io.gradgraph.core.Node;
import org.ejml.data.DMatrixRMaj;

/**
 * The building blocks of {@link Gradcheck}: central differences of a scalar node and the course's
 * relative error. Use {@link Gradcheck} for checks with reports; these are for tests that need the
 * raw numbers.
 */
public final class NumericGradients {
    private NumericGradients() {
    }

    /**
     * d cost / d leaf by central differences with step h, run by {@code costRun}. The bound value of
     * {@code leaf} is perturbed in place and restored.
     */
    public static DMatrixRMaj centralDifference(Executable costRun, Node cost, Bindings bindings, Node leaf, double h) {
        DMatrixRMaj value = bindings.get(boundId(leaf));
        if (value == null) {
            throw new GraphException("no value bound to " + leaf.label());
        }
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
     * and the floor turns the check into an absolute one. NaN when either holds a NaN.
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

    /** The name under which a leaf's value is bound, or an error for a computed node. */
    static String boundId(Node leaf) {
        if (leaf.op() instanceof Leaf.Bound bound) {
            return bound.id();
        }
        throw new GraphException("central differences need an input or a parameter, but " + leaf.label()
                + " is computed (" + leaf.op().name() + "); differentiate with respect to the leaves it depends on");
    }
}
