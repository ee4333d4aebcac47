package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.testing.OpCatalogue;
import io.gradgraph.testing.OpEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The interpreter's bulk forms of the elementwise ops ({@link Elementwise.Unary#applyAll},
 * {@link Elementwise.Binary#applyAll} through {@code evaluate}) give, element by element, the bits of
 * the op's scalar {@code apply}: for every op, on values of every magnitude, signed zeros,
 * infinities and NaN, on lengths below and above the array math's vector threshold, and for each way
 * of broadcasting. The ops are those of the op catalogue and their gradients. Also run in the
 * {@code elementwise-vector} pass, where tanh, exp and log1p take the
 * Vector API on JDK 25.
 */
class ElementwiseBulkTest {

    /** Every elementwise op the catalogue builds, and every one their gradients use (step, powers, …). */
    private static final Set<Elementwise> OPS = catalogueOps();
    private static final List<Elementwise.Unary> UNARY = OPS.stream()
            .filter(Elementwise.Unary.class::isInstance).map(Elementwise.Unary.class::cast).toList();
    private static final List<Elementwise.Binary> BINARY = OPS.stream()
            .filter(Elementwise.Binary.class::isInstance).map(Elementwise.Binary.class::cast).toList();

    private static Set<Elementwise> catalogueOps() {
        Set<Elementwise> ops = new LinkedHashSet<>();
        for (OpEntry op : OpCatalogue.all()) {
            Graph g = new Graph();
            List<Node> operands = new ArrayList<>();
            for (OpEntry.Operand operand : op.operands()) {
                Shape s = operand.shapeFromAnchor().apply(Shape.of(2, 3));
                operands.add(g.parameter("x" + operands.size(), s));
            }
            Node y = op.build().build(g, operands);
            List<Node> roots = new ArrayList<>(g.gradients(g.sum(y), operands).nodes());
            roots.add(y);
            for (Node n : Graph.topologicalOrder(roots)) {
                if (n.op() instanceof Elementwise e) {
                    ops.add(e);
                }
            }
        }
        return ops;
    }

    /** A new elementwise op without a catalogue entry would go untested: every kind must be here. */
    @Test
    void everyElementwiseOpOfGraphCoreIsCovered() {
        Set<Class<?>> covered = new HashSet<>();
        OPS.forEach(op -> covered.add(op.getClass()));
        for (Class<?> kind : List.of(Elementwise.Unary.class, Elementwise.Binary.class)) {
            for (Class<?> op : kind.getPermittedSubclasses()) {
                assertTrue(covered.contains(op), op.getSimpleName() + " is neither in the op catalogue"
                        + " (io.gradgraph.testing.OpCatalogue) nor used by the gradient of an op that is");
            }
        }
    }

    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, 0.25, -0.25, 22.0, -22.0, 709.0, -746.0,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.MIN_VALUE, 1e-300, 0.5, 1.0 - 0x1p-53};

    /** Random values of magnitudes 2^-30 … 2^12 and both signs, with the special values spread in. */
    private static double[] values(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(5) == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)]
                    : (rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble() * Math.scalb(1.0, rnd.nextInt(-30, 13));
        }
        return v;
    }

    private static void assertSameBits(double want, double got, String what) {
        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), () -> what + ": want " + want + ", got " + got);
    }

    @Test
    void unaryOpsGiveTheirApplyBitsOnEveryLength() {
        SplittableRandom rnd = new SplittableRandom(31);
        for (Elementwise.Unary op : UNARY) {
            for (int n : new int[] {1, 7, 127, 128, 300, 1600}) {
                DMatrixRMaj x = new DMatrixRMaj(1, n, true, values(rnd, n));
                DMatrixRMaj out = new DMatrixRMaj(1, n);
                op.evaluate(List.of(x), out);
                for (int i = 0; i < n; i++) {
                    assertSameBits(op.apply(x.data[i]), out.data[i], op + " n=" + n + " x=" + x.data[i]);
                }
            }
        }
    }

    @Test
    void binaryOpsGiveTheirApplyBitsForEveryBroadcast() {
        SplittableRandom rnd = new SplittableRandom(32);
        int rows = 4;
        int cols = 300;
        int[][] shapes = {{rows, cols}, {rows, 1}, {1, cols}, {1, 1}};
        for (Elementwise.Binary op : BINARY) {
            for (int[] sa : shapes) {
                for (int[] sb : shapes) {
                    DMatrixRMaj a = new DMatrixRMaj(sa[0], sa[1], true, values(rnd, sa[0] * sa[1]));
                    DMatrixRMaj b = new DMatrixRMaj(sb[0], sb[1], true, values(rnd, sb[0] * sb[1]));
                    int outRows = Math.max(sa[0], sb[0]);
                    int outCols = Math.max(sa[1], sb[1]);
                    DMatrixRMaj out = new DMatrixRMaj(outRows, outCols);
                    op.evaluate(List.of(a, b), out);
                    for (int i = 0; i < outRows; i++) {
                        for (int j = 0; j < outCols; j++) {
                            double x = a.get(sa[0] == 1 ? 0 : i, sa[1] == 1 ? 0 : j);
                            double y = b.get(sb[0] == 1 ? 0 : i, sb[1] == 1 ? 0 : j);
                            assertSameBits(op.apply(x, y), out.get(i, j), op + " (" + sa[0] + "×" + sa[1] + ") with ("
                                    + sb[0] + "×" + sb[1] + ") at [" + i + "," + j + "] x=" + x + " y=" + y);
                        }
                    }
                }
            }
        }
    }
}
