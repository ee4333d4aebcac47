package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Every documented error: what was expected, what was found, and where. */
class ErrorsTest {
    private final Graph g = new Graph();

    @Test
    void matmulInnerDimensionMismatchNamesTheOpNodesAndShapes() {
        Node w2 = g.parameter("W2", 1, 4);
        Node a1 = g.input("A1", Shape.of(3, "m"));
        GraphException e = assertThrows(GraphException.class, () -> g.matmul(w2, a1));
        assertEquals("matmul W2 (1×4) · A1 (3×m): inner dims 4 ≠ 3", e.getMessage());
    }

    @Test
    void elementwiseShapesThatDoNotBroadcast() {
        Node a = g.input("A", Shape.of(3, "m"));
        Node b = g.parameter("b", 4, 1);
        GraphException e = assertThrows(GraphException.class, () -> g.add(a, b));
        assertEquals("add A (3×m) and b (4×1): shapes do not broadcast (each dimension must match or be 1)",
                e.getMessage());
    }

    @Test
    void symbolicSizeDoesNotBroadcastAgainstAFixedSize() {
        Node a = g.input("A", Shape.of(3, "m"));
        Node b = g.input("B", Shape.of(3, 400));
        GraphException e = assertThrows(GraphException.class, () -> g.mul(a, b));
        assertTrue(e.getMessage().startsWith("mul A (3×m) and B (3×400)"), e.getMessage());
    }

    @Test
    void gradientOfANonScalarCost() {
        Node x = g.parameter("x", 2, 2);
        GraphException e = assertThrows(GraphException.class, () -> g.gradients(g.exp(x), x));
        assertTrue(e.getMessage().contains("the cost must be 1×1"), e.getMessage());
    }

    @Test
    void duplicateNames() {
        g.parameter("W1", 2, 2);
        GraphException e = assertThrows(GraphException.class, () -> g.input("W1", Shape.of(2, 2)));
        assertTrue(e.getMessage().contains("'W1': the name is already used by W1 (2×2)"), e.getMessage());
    }

    @Test
    void badSumAxis() {
        Node x = g.parameter("x", 2, 2);
        GraphException e = assertThrows(GraphException.class, () -> g.sum(x, 2, true));
        assertEquals("sum: axis must be 0, 1 or -1 (all), got 2", e.getMessage());
    }

    @Test
    void nodesFromAnotherGraph() {
        Node x = g.parameter("x", 2, 2);
        Graph other = new Graph();
        Node y = other.parameter("y", 2, 2);
        GraphException e = assertThrows(GraphException.class, () -> g.add(x, y));
        assertEquals("add: node y belongs to another graph", e.getMessage());
    }

    @Test
    void missingBinding() {
        Node x = g.input("X", Shape.of(2, "m"));
        Node w = g.parameter("W", 1, 2);
        Interpreter run = Interpreter.of(g.matmul(w, x));
        GraphException e = assertThrows(GraphException.class,
                () -> run.run(new Bindings().set("W", new DMatrixRMaj(1, 2))));
        assertEquals("missing value for input 'X' (2×m); bound: [W]", e.getMessage());
    }

    @Test
    void wronglyShapedBinding() {
        Node x = g.input("X", Shape.of(2, "m"));
        Interpreter run = Interpreter.of(g.exp(x));
        GraphException e = assertThrows(GraphException.class,
                () -> run.run(new Bindings().set("X", new DMatrixRMaj(3, 400))));
        assertEquals("input 'X': expected 2×m, got 3×400 (rows 3 ≠ 2)", e.getMessage());
    }

    @Test
    void inconsistentSymbolicSize() {
        Node x = g.input("X", Shape.of(2, "m"));
        Node y = g.input("Y", Shape.of(1, "m"));
        Interpreter run = Interpreter.of(g.add(x, y));
        GraphException e = assertThrows(GraphException.class,
                () -> run.run(new Bindings().set("X", new DMatrixRMaj(2, 400)).set("Y", new DMatrixRMaj(1, 300))));
        assertEquals("input 'Y': expected 1×m, got 1×300 (m is 400 from 'X' but 300 here)", e.getMessage());
        GraphException explicit = assertThrows(GraphException.class,
                () -> run.run(new Bindings().size("m", 400).set("X", new DMatrixRMaj(2, 300))
                        .set("Y", new DMatrixRMaj(1, 300))));
        assertEquals("input 'X': expected 2×m, got 2×300 (m is 400 from Bindings.size but 300 here)",
                explicit.getMessage());
    }

    @Test
    void unboundSymbolicSize() {
        Node ones = g.ones(Shape.of(2, "m"));
        Interpreter run = Interpreter.of(g.exp(g.add(ones, g.parameter("p", 1, 1))));
        GraphException e = assertThrows(GraphException.class,
                () -> run.run(new Bindings().set("p", new DMatrixRMaj(1, 1))));
        assertTrue(e.getMessage().startsWith("symbolic size 'm' is not bound"), e.getMessage());
        assertEquals(2 * 7, run.run(new Bindings().set("p", new DMatrixRMaj(1, 1)).size("m", 7))
                .get(run.outputs().get(0)).getNumElements());
    }

    @Test
    void nanCheckNamesTheOpThatProducedIt() {
        Node x = g.input("x", Shape.of(1, 3));
        Node l = g.log(x).named("L");
        Node out = g.exp(l);
        Bindings bindings = new Bindings().set("x", new DMatrixRMaj(1, 3, true, 1, -2, 3));
        // unchecked: NaN flows through silently, as in numpy
        assertTrue(Double.isNaN(Interpreter.of(out).run(bindings).get(out).data[1]));
        GraphException e = assertThrows(GraphException.class,
                () -> Interpreter.checkingNaN(java.util.List.of(out)).run(bindings));
        assertEquals("log produced NaN at L[0,1] from NaN-free inputs (x=-2.0)", e.getMessage());
    }

    @Test
    void unknownResultNames() {
        Node x = g.input("x", Shape.of(1, 1));
        Node y = g.exp(x).named("y");
        Results r = Interpreter.of(y).run(new Bindings().set("x", new DMatrixRMaj(1, 1)));
        GraphException e = assertThrows(GraphException.class, () -> r.get("z"));
        assertEquals("no output named 'z'; outputs: [y]", e.getMessage());
    }
}
