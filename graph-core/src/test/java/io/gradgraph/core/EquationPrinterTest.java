package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private static String golden(String name) throws IOException {
        try (InputStream in = EquationPrinterTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IOException("missing golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
