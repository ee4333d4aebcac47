package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.kernel.PortableMath;
import io.gradgraph.testing.NumericGradients;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** gradients(output, cotangent, wrt): vector-Jacobian products of outputs of any shape. */
class VectorJacobianTest {

    @Test
    void theVjpOfAMatrixOutputIsTheGradientOfItsWeightedSum() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node w = g.parameter("W", 3, 2);
        Node b = g.parameter("b", 3, 1);
        Node a = g.tanh(g.add(g.matmul(w, x), b)).named("A");
        Node v = g.input("V", a.shape());
        Gradients vjp = g.gradients(a, v, List.of(w, b));
        Bindings bindings = new Bindings().set("X", new DMatrixRMaj(2, 4, true, 1, 2, -1, 0.5, 0.3, -0.7, 2, 1))
                .set("W", new DMatrixRMaj(3, 2, true, 0.1, -0.2, 0.3, 0.4, -0.5, 0.6))
                .set("b", new DMatrixRMaj(3, 1, true, 0.1, 0.2, -0.3))
                .set("V", new DMatrixRMaj(3, 4, true, 1, -1, 2, 0.5, 0.3, 0.2, -0.4, 1, 2, 1, 0, -1));
        Node weighted = g.sum(g.mul(a, v));
        Results r = Interpreter.of(vjp.of(w), vjp.of(b)).run(bindings);
        for (Node p : List.of(w, b)) {
            DMatrixRMaj numeric = NumericGradients.centralDifference(Interpreter.of(weighted), weighted, bindings, p, 1e-6);
            double error = NumericGradients.relativeError(r.get(vjp.of(p)), numeric, 1e-2);
            assertTrue(error < 1e-8, p + ": relative error " + error);
        }
        assertEquals(g.vjp(a, v, w, b).of(w), vjp.of(w), "vjp(...) is the same, with varargs");
    }

    @Test
    void aNodeTheOutputDoesNotDependOnGetsZeros() {
        Graph g = new Graph();
        Node x = g.parameter("x", 2, 3);
        Node other = g.parameter("other", 4, 1);
        Node out = g.exp(x);
        Gradients vjp = g.gradients(out, g.constant(2), List.of(x, other));
        assertTrue(vjp.isIndependent(other));
        assertEquals(g.zeros(other.shape()), vjp.of(other));
        DMatrixRMaj xv = new DMatrixRMaj(2, 3, true, 0.1, -0.2, 0.3, 1, 2, -3);
        DMatrixRMaj dx = Interpreter.of(vjp.of(x)).run(new Bindings().set("x", xv)).get(vjp.of(x));
        for (int i = 0; i < 6; i++) {
            assertEquals(2 * PortableMath.exp(xv.data[i]), dx.data[i], "a broadcast cotangent: 2 ∗ exp(x)");
        }
    }

    @Test
    void aCotangentOfAnotherShapeIsRefused() {
        Graph g = new Graph();
        Node x = g.parameter("x", 2, 3);
        Node v = g.input("V", Shape.of(3, 2));
        GraphException e = assertThrows(GraphException.class, () -> g.gradients(g.exp(x), v, List.of(x)));
        assertEquals("gradients: the cotangent V (3×2) must have the shape of exp#2 (2×3) or broadcast to it",
                e.getMessage());
        GraphException scalar = assertThrows(GraphException.class, () -> g.gradients(g.exp(x), x));
        assertTrue(scalar.getMessage().contains("give a cotangent: gradients(output, cotangent, wrt)"), scalar.getMessage());
    }
}
