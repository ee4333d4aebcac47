package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Softmax, log-sum-exp and the softmax cross-entropy: values, stability, gradients and the A − Y rule. */
class CategoricalTest {
    /** 3 classes × 4 examples. */
    private static final double[] Z = {0.3, -1.2, 2.0, 0.7, -0.4, 1.5, 1.1, 0.5, -0.6, 2.2, 0.9, -1.3};
    private static final double[] Y = {1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0};

    private static DMatrixRMaj z() {
        return new DMatrixRMaj(3, 4, true, Z);
    }

    private static DMatrixRMaj y() {
        return new DMatrixRMaj(3, 4, true, Y);
    }

    @Test
    void valuesMatchTheirDefinitions() {
        Graph g = new Graph();
        Node z = g.parameter("Z", 3, 4);
        Node y = g.input("Y", Shape.of(3, 4));
        Node s = g.softmax(z);
        Node lse = g.logSumExp(z);
        Node ce = g.softmaxCrossEntropy(z, y);
        assertEquals(Shape.of(3, 4), s.shape());
        assertEquals(Shape.of(1, 4), lse.shape());
        assertEquals(Shape.of(1, 4), ce.shape());
        Results r = Interpreter.of(s, lse, ce).run(new Bindings().set("Z", z()).set("Y", y()));
        for (int j = 0; j < 4; j++) {
            double total = 0;
            for (int i = 0; i < 3; i++) {
                total += Math.exp(Z[i * 4 + j]);
            }
            assertEquals(Math.log(total), r.get(lse).get(0, j), 1e-14);
            double expected = 0;
            for (int i = 0; i < 3; i++) {
                double p = Math.exp(Z[i * 4 + j]) / total;
                assertEquals(p, r.get(s).get(i, j), 1e-15);
                expected -= Y[i * 4 + j] * Math.log(p);
            }
            assertEquals(expected, r.get(ce).get(0, j), 1e-14);
        }
    }

    @Test
    void largeLogitsStayFinite() {
        Graph g = new Graph();
        Node z = g.parameter("Z", 2, 3);
        Node y = g.input("Y", Shape.of(2, 3));
        Node s = g.softmax(z);
        Node ce = g.softmaxCrossEntropy(z, y);
        Node lse = g.logSumExp(z);
        Node j = g.mean(ce);
        Gradients grads = g.gradients(j, z);
        DMatrixRMaj zv = new DMatrixRMaj(2, 3, true, 1000, -1000, 1000, -1000, 1000, 1000);
        DMatrixRMaj yv = new DMatrixRMaj(2, 3, true, 0, 0, 1, 1, 1, 0);
        Results r = Interpreter.checkingNaN(List.of(s, ce, lse, grads.of(z))).run(new Bindings().set("Z", zv).set("Y", yv));
        assertMatrix(r.get(s), 1, 0, 0.5, 0, 1, 0.5);
        assertMatrix(r.get(lse), 1000, 1000, 1000 + Math.log(2));
        assertMatrix(r.get(ce), 2000, 0, Math.log(2));
        assertMatrix(r.get(grads.of(z)), 1 / 3.0, 0, -0.5 / 3, -1 / 3.0, 0, 0.5 / 3);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Graph g = new Graph();
        Node z = g.parameter("Z", 3, 4);
        Node y = g.parameter("Y", 3, 4); // soft labels: the gradient with respect to y too
        Bindings bindings = new Bindings().set("Z", z()).set("Y", y());
        OpsTest.assertGradientMatches(g, g.softmax(z), z, bindings);
        OpsTest.assertGradientMatches(g, g.logSumExp(z), z, bindings);
        OpsTest.assertGradientMatches(g, g.softmaxCrossEntropy(z, y), z, bindings);
        OpsTest.assertGradientMatches(g, g.softmaxCrossEntropy(z, y), y, bindings);
    }

    @Test
    void theCostDifferentiatesToOneOverMTimesAMinusY() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node y = g.input("Y", Shape.of(3, "m"));
        Node w = g.parameter("W2", 3, 2);
        Node b = g.parameter("b2", 3, 1);
        Node z = g.add(g.matmul(w, x), b).named("Z2");
        Node a = g.softmax(z).named("A2");
        Node j = g.mean(g.softmaxCrossEntropy(z, y)).named("J");
        Gradients grads = g.gradients(j, w, b);
        Node dz = grads.intermediate(z).orElseThrow();
        assertEquals(g.mul(g.inverseSize(Dim.symbol("m")), g.sub(a, y)), dz, "dJ/dZ is the node (1/m)(A − Y)");
        for (Node n : Graph.topologicalOrder(grads.nodes())) {
            if (!grads.existedBefore(n)) {
                assertFalse(n.op() instanceof Elementwise.Div || n.op() instanceof Elementwise.Log
                        || n.op() instanceof Elementwise.Exp || n.op() instanceof Categorical.LogSumExp,
                        () -> "backward graph computes " + n);
            }
        }
        assertEquals("""
                dZ2 = A2 − Y
                dW2 = (1/m) dZ2·Xᵀ
                db2 = (1/m) Σ_cols dZ2""", EquationPrinter.backward(grads));
        assertEquals("""
                Z2 = W2·X + b2
                A2 = softmax(Z2)
                J = (1/m) Σ (−Σ_rows Y ∗ log A2)""", EquationPrinter.forward(j));
        assertEquals("""
                Z^{[2]} = W^{[2]} \\cdot X + b^{[2]} \\\\
                A^{[2]} = \\operatorname{softmax}\\left(Z^{[2]}\\right) \\\\
                J = \\frac{1}{m} \\sum \\left(-\\sum_{\\text{rows}} Y \\ast \\log A^{[2]}\\right)""",
                EquationPrinter.forwardLatex(j));
    }

    @Test
    void categoricalCrossEntropyOfASoftmaxUsesTheLogits() {
        Graph g = new Graph();
        Node z = g.parameter("Z", 3, 4);
        Node y = g.input("Y", Shape.of(3, 4));
        assertEquals(g.softmaxCrossEntropy(z, y), g.categoricalCrossEntropy(g.softmax(z), y));
        Node p = g.sigmoid(z);
        Node generic = g.categoricalCrossEntropy(p, y);
        assertEquals(Shape.of(1, 4), generic.shape());
        Results r = Interpreter.of(generic).run(new Bindings().set("Z", z()).set("Y", y()));
        for (int j = 0; j < 4; j++) {
            double expected = 0;
            for (int i = 0; i < 3; i++) {
                expected -= Y[i * 4 + j] * Math.log(1 / (1 + Math.exp(-Z[i * 4 + j])));
            }
            assertEquals(expected, r.get(generic).get(0, j), 1e-14);
        }
    }

    @Test
    void mismatchedLabelsAreRefused() {
        Graph g = new Graph();
        Node z = g.parameter("Z", 3, 4);
        Node y = g.input("Y", Shape.of(1, 4));
        GraphException e = assertThrows(GraphException.class, () -> g.softmaxCrossEntropy(z, y));
        assertEquals("softmax-cross-entropy of Z (3×4) against Y (1×4): the logits and the labels must have the "
                + "same shape (classes × examples)", e.getMessage());
        assertTrue(assertThrows(GraphException.class, () -> g.categoricalCrossEntropy(g.softmax(z), y)).getMessage()
                .contains("same shape"));
    }

    private static void assertMatrix(DMatrixRMaj m, double... expected) {
        assertEquals(expected.length, m.getNumElements());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], m.data[i], 1e-12, "element " + i);
        }
    }
}
