package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.testing.NumericGradients;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** A user's own op: evaluated, differentiated with its own rule (twice), printed. */
class CustomOpTest {

    @Test
    void theCustomRuleIsTheOneAutodiffUses() {
        Graph g = new Graph();
        Node x = g.parameter("x", 1, 3);
        Node r = g.apply(new CustomOps.StraightThroughRound(), x);
        Node j = g.sum(g.mul(r, r)).named("J");
        Gradients grads = g.gradients(j, x);
        Results values = Interpreter.of(r, grads.of(x)).run(new Bindings().set("x", new DMatrixRMaj(1, 3, true, 0.4, 1.6, -2.2)));
        assertEquals(List.of(0.0, 2.0, -2.0), List.of(values.get(r).data[0], values.get(r).data[1], values.get(r).data[2]));
        // d/dx Σ r² through the straight-through rule is 2r; the true derivative (0) would give zeros
        DMatrixRMaj dx = values.get(grads.of(x));
        assertEquals(0.0, dx.data[0]);
        assertEquals(4.0, dx.data[1]);
        assertEquals(-4.0, dx.data[2]);
        assertEquals("u1 = ⌊x⌉\ndx = u1 + u1", EquationPrinter.backward(grads));
    }

    @Test
    void aCustomOpDifferentiatesTwiceAndPrints() {
        Graph g = new Graph();
        Node x = g.parameter("x", 2, 3);
        Node y = g.apply(new CustomOps.LogOnePlusExp(), x).named("Y");
        assertEquals("Y = log(1 + exp(x))", EquationPrinter.forward(y));
        assertEquals("Y = \\log\\left(1 + e^{x}\\right)", EquationPrinter.forwardLatex(y));
        Bindings bindings = new Bindings().set("x", new DMatrixRMaj(2, 3, true, 0.3, -1.2, 2.0, 0.7, -0.4, 800));
        DMatrixRMaj value = Interpreter.of(y).run(bindings).get(y);
        assertEquals(800, value.data[5], "stable for large x");
        assertEquals(Math.log1p(Math.exp(0.3)), value.data[0], 1e-15);
        bindings.set("x", new DMatrixRMaj(2, 3, true, 0.3, -1.2, 2.0, 0.7, -0.4, 1.5));
        OpsTest.assertGradientMatches(g, y, x, bindings);
        // second order: d/dx Σ (dJ/dx ∗ V) against central differences of the gradient
        Node j = g.sum(y);
        Node v = g.input("V", x.shape());
        bindings.set("V", new DMatrixRMaj(2, 3, true, 1, -2, 0.5, 0.25, 3, -1));
        Node j2 = g.sum(g.mul(g.gradients(j, x).of(x), v));
        Node second = g.gradients(j2, x).of(x);
        DMatrixRMaj analytic = Interpreter.of(second).run(bindings).get(second);
        DMatrixRMaj numeric = NumericGradients.centralDifference(Interpreter.of(j2), j2, bindings, x, 1e-6);
        assertTrue(NumericGradients.relativeError(analytic, numeric, 1e-2) < 1e-7);
    }
}
