package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ejml.data.DMatrixRMaj;

/** Autodiff agrees with central differences on random graphs over the whole op set. */
class AutodiffProperties {
    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-6;
    private static final double FLOOR = 1e-2;

    @Provide
    Arbitrary<RandomGraphs.Case> graphs() {
        return RandomGraphs.cases();
    }

    @Property(tries = 300, seed = "20261124")
    void gradientsMatchCentralDifferences(@ForAll("graphs") RandomGraphs.Case c) {
        Assume.that(NumericGradients.distanceToKinks(List.of(c.cost()), c.bindings()) > 1e-3);
        Gradients grads = c.graph().gradients(c.cost(), c.parameters());
        Interpreter costRun = Interpreter.of(c.cost());
        Results analytic = Interpreter.of(grads.nodes()).run(c.bindings());
        for (Node p : c.parameters()) {
            DMatrixRMaj numeric = NumericGradients.centralDifference(costRun, c.cost(), c.bindings(), p, H);
            double error = NumericGradients.relativeError(analytic.get(grads.of(p)), numeric, FLOOR);
            assertTrue(error <= TOLERANCE, () -> c + "\n d/d" + p.label() + ": relative error " + error
                    + "\n analytic " + analytic.get(grads.of(p)) + "\n numeric " + numeric);
        }
    }

    /** The gradient is a graph: differentiating it again gives Hessian-vector products. */
    @Property(tries = 120, seed = "11235813")
    void secondDerivativesMatchCentralDifferencesOfTheGradient(@ForAll("graphs") RandomGraphs.Case c) {
        Graph g = c.graph();
        Gradients grads = g.gradients(c.cost(), c.parameters());
        Assume.that(NumericGradients.distanceToKinks(grads.nodes(), c.bindings()) > 1e-3);
        // J2 = Σ_p Σ (dJ/dp ∗ V_p) for random V_p; dJ2/dp is the Hessian applied to V
        Node j2 = null;
        java.util.Random random = new java.util.Random(c.seed());
        for (Node p : c.parameters()) {
            Node v = g.input("V_" + p.label(), p.shape());
            DMatrixRMaj pv = c.value(p);
            c.bindings().set("V_" + p.label(), RandomGraphs.randomMatrix(random, pv.numRows, pv.numCols, 1.0));
            Node term = g.sum(g.mul(grads.of(p), v));
            j2 = j2 == null ? term : g.add(j2, term);
        }
        Gradients second = g.gradients(j2, c.parameters());
        Interpreter j2Run = Interpreter.of(j2);
        Results analytic = Interpreter.of(second.nodes()).run(c.bindings());
        List<String> failures = new ArrayList<>();
        for (Node p : c.parameters()) {
            DMatrixRMaj numeric = NumericGradients.centralDifference(j2Run, j2, c.bindings(), p, H);
            double error = NumericGradients.relativeError(analytic.get(second.of(p)), numeric, FLOOR);
            if (!(error <= 10 * TOLERANCE)) {
                failures.add("d²/d" + p.label() + ": relative error " + error);
            }
        }
        assertTrue(failures.isEmpty(), () -> c + "\n" + failures);
    }
}
