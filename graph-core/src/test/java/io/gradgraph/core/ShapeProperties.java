package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Shape rules against numpy's, and the documented error for every mismatch. */
class ShapeProperties {

    @Provide
    Arbitrary<Shape> shapes() {
        Arbitrary<Dim> dims = Arbitraries.oneOf(Arbitraries.integers().between(1, 4).map(Dim::of),
                Arbitraries.of("m", "n").map(Dim::symbol));
        return Combinators.combine(dims, dims).as(Shape::new);
    }

    /** numpy's rule for 2-D arrays, written out per dimension. */
    private static Optional<Dim> numpyDim(Dim a, Dim b) {
        if (a.equals(b)) {
            return Optional.of(a);
        }
        if (a.equals(Dim.of(1))) {
            return Optional.of(b);
        }
        if (b.equals(Dim.of(1))) {
            return Optional.of(a);
        }
        return Optional.empty();
    }

    @Property(tries = 500, seed = "7")
    void elementwiseBroadcastingFollowsNumpy(@ForAll("shapes") Shape a, @ForAll("shapes") Shape b) {
        Graph g = new Graph();
        Node x = g.parameter("x", a);
        Node y = g.parameter("y", b);
        Optional<Dim> rows = numpyDim(a.rows(), b.rows());
        Optional<Dim> cols = numpyDim(a.cols(), b.cols());
        if (rows.isPresent() && cols.isPresent()) {
            Shape expected = new Shape(rows.get(), cols.get());
            assertEquals(expected, g.add(x, y).shape());
            assertEquals(expected, g.mul(x, y).shape());
            assertEquals(expected, g.sub(x, y).shape());
            assertEquals(expected, g.div(x, y).shape());
        } else {
            for (String op : new String[] {"add", "sub", "mul", "div"}) {
                GraphException e = assertThrows(GraphException.class, () -> {
                    switch (op) {
                        case "add" -> g.add(x, y);
                        case "sub" -> g.sub(x, y);
                        case "mul" -> g.mul(x, y);
                        default -> g.div(x, y);
                    }
                });
                assertEquals(op + " x (" + a + ") and y (" + b
                        + "): shapes do not broadcast (each dimension must match or be 1)", e.getMessage());
            }
        }
    }

    @Property(tries = 300, seed = "8")
    void matmulNeedsEqualInnerDimensions(@ForAll("shapes") Shape a, @ForAll("shapes") Shape b) {
        Graph g = new Graph();
        Node x = g.parameter("x", a);
        Node y = g.parameter("y", b);
        if (a.cols().equals(b.rows())) {
            assertEquals(new Shape(a.rows(), b.cols()), g.matmul(x, y).shape());
        } else {
            GraphException e = assertThrows(GraphException.class, () -> g.matmul(x, y));
            assertEquals("matmul x (" + a + ") · y (" + b + "): inner dims " + a.cols() + " ≠ " + b.rows(),
                    e.getMessage());
        }
    }

    @Property(tries = 200, seed = "9")
    void reductionsAndTransposeShapes(@ForAll("shapes") Shape a) {
        Graph g = new Graph();
        Node x = g.parameter("x", a);
        assertEquals(Shape.SCALAR, g.sum(x).shape());
        assertEquals(new Shape(Dim.of(1), a.cols()), g.sum(x, 0, true).shape());
        assertEquals(new Shape(a.rows(), Dim.of(1)), g.sum(x, 1, true).shape());
        assertEquals(new Shape(Dim.of(1), a.rows()), g.sum(x, 1, false).shape());
        assertEquals(a.transpose(), g.transpose(x).shape());
        assertEquals(Shape.SCALAR, g.mean(x).shape());
    }
}
