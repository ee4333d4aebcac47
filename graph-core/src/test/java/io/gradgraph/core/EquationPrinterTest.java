package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden tests: the course's shallow network prints as the course writes it. */
class EquationPrinterTest {

    @Test
    void shallowNetworkBackwardPassIsTheCoursesSixEquations() throws IOException {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        assertEquals(golden("shallow-backward.txt"), EquationPrinter.backward(net.grads) + "\n");
    }

    @Test
    void shallowNetworkForwardPass() throws IOException {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        assertEquals(golden("shallow-forward.txt"), EquationPrinter.forward(net.J) + "\n");
    }

    @Test
    void shallowNetworkInLatex() throws IOException {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        String latex = EquationPrinter.forwardLatex(net.J) + " \\\\\n" + EquationPrinter.backwardLatex(net.grads) + "\n";
        assertEquals(golden("shallow.tex"), latex);
    }

    @Test
    void logisticRegressionGradientsReadLikeTheCourse() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(3, "m"));
        Node y = g.input("Y", Shape.of(1, "m"));
        Node w = g.parameter("w", 3, 1);
        Node b = g.parameter("b", 1, 1);
        Node z = g.add(g.matmul(g.transpose(w), x), b).named("Z");
        Node a = g.sigmoid(z).named("A");
        Node j = g.mean(g.binaryCrossEntropy(a, y)).named("J");
        Gradients grads = g.gradients(j, w, b);
        assertEquals("""
                dZ = A − Y
                dw = (1/m) X·dZᵀ
                db = (1/m) Σ_cols dZ""", EquationPrinter.backward(grads));
    }

    @Test
    void unnamedSharedNodesGetTemporaries() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.of(2, 2));
        Node t = g.exp(x);
        Node out = g.add(g.mul(t, t), t).named("y");
        assertEquals("t1 = exp(x)\ny = t1 ∗ t1 + t1", EquationPrinter.forward(out));
    }

    @Test
    void deepNetworkBackwardUsesReluStep() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(3, "m"));
        Node y = g.input("Y", Shape.of(1, "m"));
        Node w1 = g.parameter("W1", 2, 3);
        Node b1 = g.parameter("b1", 2, 1);
        Node w2 = g.parameter("W2", 1, 2);
        Node b2 = g.parameter("b2", 1, 1);
        Node z1 = g.add(g.matmul(w1, x), b1).named("Z1");
        Node a1 = g.relu(z1).named("A1");
        Node z2 = g.add(g.matmul(w2, a1), b2).named("Z2");
        Node a2 = g.sigmoid(z2).named("A2");
        Node j = g.mean(g.binaryCrossEntropy(a2, y)).named("J");
        String backward = EquationPrinter.backward(g.gradients(j, w1, b1, w2, b2));
        assertEquals("""
                dZ2 = A2 − Y
                dW2 = (1/m) dZ2·A1ᵀ
                db2 = (1/m) Σ_cols dZ2
                dZ1 = W2ᵀ·dZ2 ∗ [Z1 > 0]
                dW1 = (1/m) dZ1·Xᵀ
                db1 = (1/m) Σ_cols dZ1""", backward);
    }

    /** A least-squares model: the trial of printing beyond the course. */
    private static final class LeastSquares {
        final Graph g = new Graph();
        final Node x = g.input("X", Shape.of(2, "m"));
        final Node y = g.input("Y", Shape.of(1, "m"));
        final Node w = g.parameter("W", 1, 2);
        final Node c = g.parameter("C", 1, 1);
        final Node yhat = g.add(g.matmul(w, x), c).named("Yhat");
        final Node j = g.mean(g.square(g.sub(yhat, y))).named("J");
        final Gradients grads = g.gradients(j, w, c);
    }

    @Test
    void constantFactorsFoldAndScalarFactorsReadOneWay() {
        LeastSquares ls = new LeastSquares();
        assertEquals("""
                dYhat = Yhat − Y
                dC = (2/m) Σ_cols dYhat
                dW = (2/m) dYhat·Xᵀ""", EquationPrinter.backward(ls.grads));
    }

    @Test
    void multiLetterNamesAndTemporariesAreUprightInLatex() {
        LeastSquares ls = new LeastSquares();
        assertEquals("""
                d\\mathrm{Yhat} = \\mathrm{Yhat} - Y \\\\
                dC = \\frac{2}{m} \\sum_{\\text{cols}} d\\mathrm{Yhat} \\\\
                dW = \\frac{2}{m} d\\mathrm{Yhat} \\cdot {X}^{\\top}""", EquationPrinter.backwardLatex(ls.grads));
        Graph g = new Graph();
        Node x = g.input("x", Shape.of(2, 2));
        Node t = g.exp(x);
        assertEquals("t_{1} = \\exp\\left(x\\right) \\\\\ny = t_{1} \\ast t_{1}",
                EquationPrinter.forwardLatex(g.mul(t, t).named("y")));
    }

    @Test
    void aSecondOrderGradientHasItsOwnName() {
        LeastSquares ls = new LeastSquares();
        Graph g = ls.g;
        Node v = g.input("V", Shape.of(1, 2));
        Node j2 = g.sum(g.mul(ls.grads.of(ls.w), v)).named("J2");
        Gradients second = g.gradients(j2, ls.w, ls.x);
        assertEquals("dW", ls.grads.of(ls.w).name().orElseThrow());
        assertEquals("dJ2_dW", second.of(ls.w).name().orElseThrow());
        assertEquals("""
                dJ2_dYhat = V·X
                dJ2_dW = (2/m) dJ2_dYhat·Xᵀ
                dX = (2/m) Vᵀ·(Yhat − Y) + (2/m) Wᵀ·dJ2_dYhat""", EquationPrinter.backward(second));
        Bindings bindings = new Bindings().set("X", new org.ejml.data.DMatrixRMaj(2, 3, true, 1, 2, 3, 4, 5, 6))
                .set("Y", new org.ejml.data.DMatrixRMaj(1, 3, true, 1, 0, 1))
                .set("W", new org.ejml.data.DMatrixRMaj(1, 2, true, 0.5, -0.5))
                .set("C", new org.ejml.data.DMatrixRMaj(1, 1, true, 0.1))
                .set("V", new org.ejml.data.DMatrixRMaj(1, 2, true, 1, 2));
        Results r = Interpreter.of(ls.grads.of(ls.w), second.of(ls.w)).run(bindings);
        // d/dW of Σ (dW ∗ V) = (2/m) (V·X)·Xᵀ: not the first-order value
        assertEquals(2.0 / 3 * ((1 + 8) * 1 + (2 + 10) * 2 + (3 + 12) * 3), r.get("dJ2_dW").get(0, 0), 1e-12);
        assertEquals(r.get(ls.grads.of(ls.w)).get(0, 0), r.get("dW").get(0, 0));
    }

    @Test
    void subexpressionsUsedTwiceInTheBackwardPassArePrintedOnce() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(3, "m"));
        Node w = g.parameter("W", 3, 3);
        Node z = g.matmul(w, x).named("Z");
        Node e = g.exp(z);
        Node j = g.sum(g.div(e, g.sum(e, 0, true))).named("J");
        String backward = EquationPrinter.backward(g.gradients(j, w));
        assertEquals(1, backward.split("exp\\(Z\\)", -1).length - 1, backward);
        assertTrue(backward.startsWith("u1 = exp(Z)\n"), backward);
        assertFalse(backward.contains("t1"), "backward temporaries are not the forward t1: " + backward);
    }

    @Test
    void aProductWithOnesShowsTheMatrix() {
        Graph g = new Graph();
        Node a = g.input("A", Shape.of(2, 3));
        Node c = g.parameter("C", 3, 2);
        Gradients grads = g.gradients(g.sum(g.matmul(a, c)).named("J"), c);
        assertEquals("dC = Aᵀ·ones(2×2)", EquationPrinter.backward(grads));
        assertEquals("dC = {A}^{\\top} \\cdot \\mathbf{1}_{2 \\times 2}", EquationPrinter.backwardLatex(grads));
    }

    @Test
    void aGradientOfANodeTheCostDoesNotDependOnIsZeroAndSaysSo() {
        Graph g = new Graph();
        Node x = g.parameter("x", 1, 2);
        Node unused = g.parameter("u", 1, 2);
        Gradients grads = g.gradients(g.sum(g.square(x)).named("J"), x, unused);
        assertTrue(grads.isIndependent(unused));
        assertFalse(grads.isIndependent(x));
        assertEquals("dx = 2 x\ndu = 0  (J does not depend on u)", EquationPrinter.backward(grads));
        Results r = Interpreter.of(grads.of(unused)).run(new Bindings().set("u", new org.ejml.data.DMatrixRMaj(1, 2)));
        assertEquals(2, r.get(grads.of(unused)).getNumElements());
        assertEquals(0, r.get(grads.of(unused)).get(0, 1));
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = EquationPrinterTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IOException("missing golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
