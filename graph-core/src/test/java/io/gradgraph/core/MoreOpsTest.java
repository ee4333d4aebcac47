package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The ops beyond the course in detail: gradients at kinks and ties, stop-gradient, stability,
 * refused parameters and printed forms. (Values and derivatives of every op come from the op
 * catalogue, in gradgraph-testing's OpsTest.)
 */
class MoreOpsTest {

    @Test
    void gradientsAtKinksAndTiesAreSplitEvenly() {
        Graph g = new Graph();
        Node a = g.parameter("a", 1, 4);
        Node b = g.parameter("b", 1, 4);
        Bindings bindings = new Bindings().set("a", new DMatrixRMaj(1, 4, true, 1, 2, 0, -1))
                .set("b", new DMatrixRMaj(1, 4, true, 1, 3, 0, -2));
        Gradients max = g.gradients(g.sum(g.maximum(a, b)), a, b);
        Gradients min = g.gradients(g.sum(g.minimum(a, b)), a, b);
        Gradients abs = g.gradients(g.sum(g.abs(a)), a);
        Gradients clip = g.gradients(g.sum(g.clip(a, 0, 1)), a);
        Results r = Interpreter.of(max.of(a), max.of(b), min.of(a), min.of(b), abs.of(a), clip.of(a)).run(bindings);
        assertMatrix(r.get(max.of(a)), 1, 4, 0.5, 0, 0.5, 1);
        assertMatrix(r.get(max.of(b)), 1, 4, 0.5, 1, 0.5, 0);
        assertMatrix(r.get(min.of(a)), 1, 4, 0.5, 1, 0.5, 0);
        assertMatrix(r.get(min.of(b)), 1, 4, 0.5, 0, 0.5, 1);
        assertMatrix(r.get(abs.of(a)), 1, 4, 1, 1, 0, -1);
        assertMatrix(r.get(clip.of(a)), 1, 4, 0.5, 0, 0.5, 0);
    }

    @Test
    void maxAndMinReduceLikeNumpyAndSplitTheGradientAmongTies() {
        Graph g = new Graph();
        Node x = g.parameter("x", 2, 3);
        Bindings bindings = new Bindings().set("x", new DMatrixRMaj(2, 3, true, 1, 3, 3, 2, 2, 0));
        Node all = g.max(x);
        Node rows = g.max(x, 0, true);
        Node cols = g.max(x, 1, false);
        Node least = g.min(x, 1, true);
        assertEquals(Shape.of(1, 2), cols.shape());
        Results r = Interpreter.of(all, rows, cols, least).run(bindings);
        assertMatrix(r.get(all), 1, 1, 3);
        assertMatrix(r.get(rows), 1, 3, 2, 3, 3);
        assertMatrix(r.get(cols), 1, 2, 3, 2);
        assertMatrix(r.get(least), 2, 1, 1, 0);
        Results grads = Interpreter.of(g.gradients(g.sum(all), x).of(x), g.gradients(g.sum(rows), x).of(x),
                g.gradients(g.sum(cols), x).of(x), g.gradients(g.sum(least), x).of(x)).run(bindings);
        assertMatrix(grads.get(g.gradients(g.sum(all), x).of(x)), 2, 3, 0, 0.5, 0.5, 0, 0, 0);
        assertMatrix(grads.get(g.gradients(g.sum(rows), x).of(x)), 2, 3, 0, 1, 1, 1, 0, 0);
        assertMatrix(grads.get(g.gradients(g.sum(cols), x).of(x)), 2, 3, 0, 0.5, 0.5, 0.5, 0.5, 0);
        assertMatrix(grads.get(g.gradients(g.sum(least), x).of(x)), 2, 3, 1, 0, 0, 0, 0, 1);
        assertEquals("M = max_rows x", EquationPrinter.forward(g.max(x, 0, true).named("M")));
        assertEquals("M = \\max_{\\text{rows}} x", EquationPrinter.forwardLatex(rows));
        Graph fresh = new Graph();
        Node y = fresh.parameter("y", 2, 3);
        assertEquals("u1 = [y = max y]\ndy = (1 / Σ u1) u1", EquationPrinter.backward(fresh.gradients(fresh.max(y), y)));
    }

    @Test
    void stopGradientKeepsTheValueAndBlocksTheGradient() {
        Graph g = new Graph();
        Node x = g.parameter("x", 1, 3);
        Node s = g.stopGradient(x);
        assertEquals(s, g.stopGradient(s), "stop of stop is the same node");
        Node j = g.sum(g.mul(x, s)); // d/dx = s only, not 2x
        Node grad = g.gradients(j, x).of(x);
        Bindings bindings = new Bindings().set("x", new DMatrixRMaj(1, 3, true, 1, -2, 3));
        Results r = Interpreter.of(s, grad).run(bindings);
        assertMatrix(r.get(s), 1, 3, 1, -2, 3);
        assertMatrix(r.get(grad), 1, 3, 1, -2, 3);
        assertEquals(g.zeros(x.shape()), g.gradients(g.sum(s), x).of(x));
    }

    @Test
    void softplusIsStableForLargeArguments() {
        Graph g = new Graph();
        Node x = g.parameter("x", 1, 4);
        Node y = g.softplus(x);
        DMatrixRMaj value = Interpreter.of(y).run(new Bindings().set("x", new DMatrixRMaj(1, 4, true, 1000, -1000, 40, -40)))
                .get(y);
        assertMatrix(value, 1, 4, 1000, 0, 40, Math.exp(-40));
        assertEquals(g.sigmoid(x), g.gradients(g.sum(y), x).of(x), "d softplus = σ");
    }

    @Test
    void opParametersThatAreNaNOrOutOfOrderAreRefused() {
        Graph g = new Graph();
        Node x = g.parameter("x", 1, 3);
        GraphException nan = org.junit.jupiter.api.Assertions.assertThrows(GraphException.class,
                () -> g.clip(x, Double.NaN, 1));
        assertEquals("clip: the bounds cannot be NaN, got [NaN, 1.0]", nan.getMessage());
        GraphException order = org.junit.jupiter.api.Assertions.assertThrows(GraphException.class,
                () -> g.clip(x, 2, 1));
        assertEquals("clip: the lower bound 2.0 is above the upper bound 1.0", order.getMessage());
    }

    @Test
    void newOpsPrintAsTextAndLatex() {
        Graph g = new Graph();
        Node x = g.parameter("x", 1, 3);
        Node y = g.parameter("y", 1, 3);
        Node e = g.add(g.add(g.abs(x), g.maximum(x, y)), g.add(g.minimum(g.sin(x), g.cos(y)),
                g.add(g.softplus(x), g.add(g.clip(x, -1, Double.POSITIVE_INFINITY), g.stopGradient(y))))).named("E");
        assertEquals("E = |x| + max(x, y) + min(sin(x), cos(y)) + softplus(x) + clip(x, −1, ∞) + stop(y)",
                EquationPrinter.forward(e));
        assertEquals("E = \\left|x\\right| + \\max\\left(x, y\\right) + \\min\\left(\\sin\\left(x\\right), "
                + "\\cos\\left(y\\right)\\right) + \\operatorname{softplus}\\left(x\\right) + "
                + "\\operatorname{clip}\\left(x, -1, \\infty\\right) + \\operatorname{stop}\\left(y\\right)",
                EquationPrinter.forwardLatex(e));
        Gradients grads = g.gradients(g.sum(g.maximum(x, y)), x);
        assertEquals("dx = H(x − y)", EquationPrinter.backward(grads));
    }

    private static void assertMatrix(DMatrixRMaj m, int rows, int cols, double... expected) {
        assertEquals(rows, m.numRows);
        assertEquals(cols, m.numCols);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], m.data[i], 1e-15, "element " + i);
        }
    }
}
