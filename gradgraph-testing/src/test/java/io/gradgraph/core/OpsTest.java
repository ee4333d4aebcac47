package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.kernel.PortableMath;
import io.gradgraph.testing.Gradcheck;
import io.gradgraph.testing.OpCatalogue;
import io.gradgraph.testing.OpEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each op of the {@link OpCatalogue}: its value against its scalar definition (elementwise ops),
 * and its first and second derivatives against central differences, on values from its domain and
 * for every way its operands broadcast. Then a few ops' values in detail.
 */
class OpsTest {
    private static final double[] A = {0.3, -1.2, 2.0, 0.7, -0.4, 1.5};
    private static final Shape FULL = Shape.of(2, 3);
    /** Every shape numpy broadcasts against a 2×3 result. */
    private static final List<Shape> SHAPES = List.of(FULL, Shape.of(2, 1), Shape.of(1, 3), Shape.SCALAR);
    /** Gradients to 1e-7 relative (with the floor 1e-2); Hessian-vector products to 1e-5. */
    private static final Gradcheck CHECK = Gradcheck.full().withTolerance(1e-7, 1e-5);

    /** Each op with the anchor's shape and the broadcast partner's (null without one); one of them 2×3. */
    static Stream<Arguments> catalogue() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (OpEntry op : OpCatalogue.all()) {
            boolean binary = op.operands().stream().anyMatch(o -> o.kind() == OpEntry.Operand.Kind.BROADCAST);
            if (!binary) {
                cases.add(Arguments.of(op, FULL, null));
                continue;
            }
            for (Shape anchor : SHAPES) {
                for (Shape partner : SHAPES) {
                    if (anchor.equals(FULL) || partner.equals(FULL)) {
                        cases.add(Arguments.of(op, anchor, partner));
                    }
                }
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1} with {2}")
    @MethodSource("catalogue")
    void valueAndDerivatives(OpEntry op, Shape anchorShape, Shape partnerShape) {
        Graph g = new Graph();
        Random random = new Random(op.name().hashCode());
        Bindings bindings = new Bindings();
        List<Node> operands = new ArrayList<>();
        for (OpEntry.Operand operand : op.operands()) {
            Shape s = switch (operand.kind()) {
                case ANCHOR -> anchorShape;
                case BROADCAST -> partnerShape;
                case PARAMETER -> operand.shapeFromAnchor().apply(anchorShape);
            };
            Node x = g.parameter("x" + operands.size(), s);
            bindings.set(x, operand.domain().sample(random, s.rows(java.util.Map.of()), s.cols(java.util.Map.of())));
            operands.add(x);
        }
        Node y = op.build().build(g, operands);
        if (op.reference().isPresent()) {
            assertEquals(FULL, y.shape());
            DMatrixRMaj value = Interpreter.of(y).run(bindings).get(y);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    double[] args = new double[operands.size()];
                    for (int k = 0; k < args.length; k++) {
                        // numpy broadcasting: a size-1 dimension repeats
                        DMatrixRMaj v = bindings.get("x" + k);
                        args[k] = v.get(v.numRows == 1 ? 0 : i, v.numCols == 1 ? 0 : j);
                    }
                    assertEquals(op.reference().get().apply(args), value.get(i, j), 1e-15,
                            op + " at [" + i + "," + j + "] of " + java.util.Arrays.toString(args));
                }
            }
        }
        if (op.smoothness() != OpEntry.Smoothness.NONE) {
            CHECK.assertMatches(y, bindings, operands);
        }
        if (op.smoothness() == OpEntry.Smoothness.TWICE) {
            // linear ops (add, relu away from 0, transpose, sums) have a zero Hessian both ways
            CHECK.allowingZeroGradients().assertSecondOrderMatches(y, bindings, operands);
        }
    }

    @Test
    void reductionsAndTransposeValues() {
        Graph g = new Graph();
        Node x = g.parameter("x", 2, 3);
        Bindings bindings = new Bindings().set("x", new DMatrixRMaj(2, 3, true, A));
        Results r = Interpreter.of(g.sum(x), g.sum(x, 0, true), g.sum(x, 1, true), g.sum(x, 1, false),
                g.mean(x), g.mean(x, 0, true), g.transpose(x)).run(bindings);
        assertEquals(A[0] + A[1] + A[2] + A[3] + A[4] + A[5], r.scalar(g.sum(x)), 1e-15);
        assertMatrix(r.get(g.sum(x, 0, true)), 1, 3, A[0] + A[3], A[1] + A[4], A[2] + A[5]);
        assertMatrix(r.get(g.sum(x, 1, true)), 2, 1, A[0] + A[1] + A[2], A[3] + A[4] + A[5]);
        assertMatrix(r.get(g.sum(x, 1, false)), 1, 2, A[0] + A[1] + A[2], A[3] + A[4] + A[5]);
        assertEquals((A[0] + A[1] + A[2] + A[3] + A[4] + A[5]) / 6, r.scalar(g.mean(x)), 1e-15);
        assertMatrix(r.get(g.mean(x, 0, true)), 1, 3, (A[0] + A[3]) / 2, (A[1] + A[4]) / 2, (A[2] + A[5]) / 2);
        assertMatrix(r.get(g.transpose(x)), 3, 2, A[0], A[3], A[1], A[4], A[2], A[5]);
    }

    @Test
    void sigmoidCrossEntropyIsStableAndDifferentiatesToAMinusY() {
        Graph g = new Graph();
        Node z = g.parameter("z", 1, 4);
        Node y = g.input("y", Shape.of(1, 4));
        Node a = g.sigmoid(z);
        Node loss = g.binaryCrossEntropy(a, y);
        assertTrue(loss.op() instanceof Elementwise.SigmoidCrossEntropy, "bce of a sigmoid uses the logit");
        Bindings bindings = new Bindings().set("z", new DMatrixRMaj(1, 4, true, 800, -800, 0.5, -2))
                .set("y", new DMatrixRMaj(1, 4, true, 0, 1, 1, 0));
        DMatrixRMaj value = Interpreter.of(loss).run(bindings).get(loss);
        assertEquals(800, value.data[0], 1e-12, "no overflow for large logits");
        assertEquals(800, value.data[1], 1e-12);
        assertEquals(Math.log1p(Math.exp(-0.5)), value.data[2], 1e-15);
        assertEquals(PortableMath.log1p(PortableMath.exp(-0.5)), value.data[2]);
        Node grad = g.gradients(g.sum(loss), z).of(z);
        assertEquals(g.sub(a, y), grad, "d/dz is the node A − Y itself");
        assertGradientMatches(g, loss, z, bindings.set("z", new DMatrixRMaj(1, 4, true, 0.3, -1.7, 0.5, -2)));
    }

    @Test
    void matmulValueAndGradients() {
        Graph g = new Graph();
        Node w = g.parameter("W", 2, 3);
        Node x = g.parameter("X", 3, 4);
        Node z = g.matmul(w, x);
        assertEquals(Shape.of(2, 4), z.shape());
        DMatrixRMaj wv = new DMatrixRMaj(2, 3, true, A);
        DMatrixRMaj xv = new DMatrixRMaj(3, 4, true, 0.1, 0.2, -0.3, 0.4, 1.5, -0.6, 0.7, 0.8, 0.9, 1.0, -1.1, 1.2);
        Bindings bindings = new Bindings().set("W", wv).set("X", xv);
        DMatrixRMaj value = Interpreter.of(z).run(bindings).get(z);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 4; j++) {
                double expected = 0;
                for (int k = 0; k < 3; k++) {
                    expected += wv.get(i, k) * xv.get(k, j);
                }
                assertEquals(expected, value.get(i, j), 1e-15);
            }
        }
        assertGradientMatches(g, z, w, bindings);
        assertGradientMatches(g, z, x, bindings);
    }

    /** Checks the gradient of y (through Σ y ∗ R for a fixed random R) against central differences. */
    static void assertGradientMatches(Graph g, Node y, Node wrt, Bindings bindings) {
        CHECK.assertMatches(y, bindings, wrt);
    }

    private static void assertMatrix(DMatrixRMaj m, int rows, int cols, double... expected) {
        assertEquals(rows, m.numRows);
        assertEquals(cols, m.numCols);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], m.data[i], 1e-15, "element " + i);
        }
    }
}
