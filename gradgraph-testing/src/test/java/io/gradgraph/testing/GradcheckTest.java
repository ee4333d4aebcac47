package io.gradgraph.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Graph;
import io.gradgraph.core.GraphException;
import io.gradgraph.core.Node;
import io.gradgraph.core.Op;
import io.gradgraph.core.PrintContext;
import io.gradgraph.core.Printed;
import io.gradgraph.core.Shape;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The gradient check catches what it must, names the entries, and passes nothing trivially. */
class GradcheckTest {

    /**
     * {@code x³} elementwise, whose derivative is the op {@link ThreeSquares}; {@code wrongAt}
     * (when ≥ 0) makes the first derivative wrong at that flat index.
     */
    record Cube(int wrongAt, boolean wrongSecond) implements Op {
        public String name() { return "cube"; }
        public Shape shape(List<Node> inputs) { return inputs.get(0).shape(); }
        public void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            DMatrixRMaj x = inputs.get(0);
            for (int i = 0; i < out.getNumElements(); i++) {
                out.data[i] = x.data[i] * x.data[i] * x.data[i];
            }
        }
        public Node vjp(Graph g, Node out, Node grad, int index) {
            return g.mul(grad, g.apply(new ThreeSquares(wrongAt, wrongSecond), out.input(0)));
        }
        public Printed print(PrintContext ctx) { return Printed.atom("cube(" + ctx.arg(0).text() + ")"); }
    }

    /** 3x², with a VJP of 6x (or 5x when wrongSecond). */
    record ThreeSquares(int wrongAt, boolean wrongSecond) implements Op {
        public String name() { return "three-squares"; }
        public Shape shape(List<Node> inputs) { return inputs.get(0).shape(); }
        public void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            DMatrixRMaj x = inputs.get(0);
            for (int i = 0; i < out.getNumElements(); i++) {
                out.data[i] = 3 * x.data[i] * x.data[i] + (i == wrongAt ? 1e-3 : 0);
            }
        }
        public Node vjp(Graph g, Node out, Node grad, int index) {
            return g.mul(grad, g.mul(g.constant(wrongSecond ? 5 : 6), out.input(0)));
        }
        public Printed print(PrintContext ctx) { return Printed.atom("3·" + ctx.arg(0).text() + "²"); }
    }

    private static final DMatrixRMaj X = new DMatrixRMaj(2, 3, true, 0.3, -1.2, 0.9, 0.7, -0.4, 1.5);

    private static Node cube(Graph g, Node x, int wrongAt, boolean wrongSecond) {
        return g.apply(new Cube(wrongAt, wrongSecond), x);
    }

    @Test
    void aCorrectGradientPassesInBothModesAndSecondOrder() {
        Graph g = new Graph();
        Node x = g.parameter("x", 2, 3);
        Node j = g.sum(cube(g, x, -1, false));
        Bindings bindings = new Bindings().set("x", X.copy());
        Gradcheck.Report full = Gradcheck.full().assertMatches(j, bindings, x);
        assertEquals(1 + 2 * 6, full.evaluations());
        Gradcheck.Report projected = Gradcheck.projected().assertMatches(j, bindings, x);
        assertEquals(1 + 2 * Gradcheck.DEFAULT_DIRECTIONS, projected.evaluations());
        Gradcheck.full().assertSecondOrderMatches(j, bindings, x);
        assertArrayEquals(X.data, bindings.get("x").data, 0.0, "the caller's values are untouched");
    }

    @Test
    void aWrongEntryIsNamedWithBothValues() {
        Graph g = new Graph();
        Node x = g.parameter("x", 2, 3);
        Node j = g.sum(cube(g, x, 4, false));
        Gradcheck.Report report = Gradcheck.full().check(j, new Bindings().set("x", X.copy()), x);
        assertFalse(report.passed());
        Gradcheck.Entry worst = report.worst().get(0);
        assertEquals("x[1,1]", worst.what());
        assertEquals(3 * 0.4 * 0.4 + 1e-3, worst.analytic(), 1e-12);
        assertEquals(3 * 0.4 * 0.4, worst.numeric(), 1e-8);
        assertFalse(report.atKink());
        AssertionError e = assertThrows(AssertionError.class, report::assertPassed);
        assertTrue(e.getMessage().contains("x[1,1]: analytic 0.481"), e.getMessage());
    }

    @Test
    void aProjectedFailureNamesEntriesFromAFullCheck() {
        Graph g = new Graph();
        Node x = g.parameter("x", 2, 3);
        Node j = g.sum(cube(g, x, 2, false));
        Gradcheck.Report report = Gradcheck.projected().check(j, new Bindings().set("x", X.copy()), x);
        assertFalse(report.passed());
        assertTrue(report.mode().startsWith("projected"), report.mode());
        assertEquals("x[0,2]", report.worst().get(0).what(), report.toString());
    }

    @Test
    void aWrongSecondDerivativeIsCaught() {
        Graph g = new Graph();
        Node x = g.parameter("x", 2, 3);
        Node j = g.sum(cube(g, x, -1, true));
        Bindings bindings = new Bindings().set("x", X.copy());
        Gradcheck.full().assertMatches(j, bindings, x);
        Gradcheck.Report report = Gradcheck.full().checkSecondOrder(j, bindings, x);
        assertFalse(report.passed(), report.toString());
        assertTrue(report.worst().get(0).what().startsWith("(Hv)_x["), report.toString());
    }

    @Test
    void allZeroGradientsDoNotPassUnlessAllowed() {
        Graph g = new Graph();
        Node x = g.parameter("x", 1, 3);
        Node unused = g.parameter("unused", 1, 3);
        Node j = g.sum(g.square(x));
        Bindings bindings = new Bindings().set("x", new DMatrixRMaj(1, 3, true, 1, 2, 3))
                .set("unused", new DMatrixRMaj(1, 3, true, 1, 2, 3));
        Gradcheck.Report report = Gradcheck.full().check(j, bindings, x, unused);
        assertFalse(report.passed());
        assertTrue(report.problems().get(0).startsWith("unused: analytic and numeric values are all exactly 0"),
                report.toString());
        assertFalse(Gradcheck.projected().check(j, bindings, unused).passed());
        assertTrue(Gradcheck.full().allowingZeroGradients().check(j, bindings, x, unused).passed());
    }

    @Test
    void aFailureAtAKinkSaysSo() {
        Graph g = new Graph();
        Node x = g.parameter("x", 1, 3);
        Node j = g.sum(g.relu(x));
        Gradcheck.Report report = Gradcheck.full().check(j, new Bindings().set("x", new DMatrixRMaj(1, 3, true, 1, 0, -1)), x);
        assertFalse(report.passed());
        assertTrue(report.atKink());
        assertEquals("x[0,1]", report.kinks().get(0).what());
        assertTrue(report.toString().contains("within h of a kink"), report.toString());
    }

    @Test
    void nonFiniteValuesFail() {
        Graph g = new Graph();
        Node x = g.parameter("x", 1, 2);
        Node j = g.sum(g.log(x));
        Gradcheck.Report report = Gradcheck.full().check(j, new Bindings().set("x", new DMatrixRMaj(1, 2, true, 1, -1)), x);
        assertFalse(report.passed());
        assertTrue(report.problems().get(0).contains("NaN"), report.toString());
    }

    @Test
    void nonScalarOutputsAreCheckedThroughRandomWeights() {
        Graph g = new Graph();
        Node w = g.parameter("W", 3, 2);
        Node x = g.input("X", Shape.of(2, "m"));
        Node z = g.tanh(g.matmul(w, x));
        Bindings bindings = new Bindings().set("W", Domain.REAL.sample(new java.util.Random(1), 3, 2))
                .set("X", Domain.REAL.sample(new java.util.Random(2), 2, 5));
        Gradcheck.full().assertMatches(z, bindings, w, x);
        Gradcheck.full().assertSecondOrderMatches(z, bindings, w, x);
    }

    @Test
    void onlyBoundNodesCanBePerturbed() {
        Graph g = new Graph();
        Node x = g.parameter("x", 1, 2);
        Node y = g.square(x);
        GraphException e = assertThrows(GraphException.class,
                () -> Gradcheck.full().check(g.sum(y), new Bindings().set("x", new DMatrixRMaj(1, 2)), y));
        assertTrue(e.getMessage().contains("need an input or a parameter"), e.getMessage());
    }
}
