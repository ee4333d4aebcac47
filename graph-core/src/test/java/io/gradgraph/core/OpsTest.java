package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.kernel.PortableMath;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each op's value against its scalar definition, and its gradient against central differences. */
class OpsTest {
    private static final double[] A = {0.3, -1.2, 2.0, 0.7, -0.4, 1.5};
    private static final double[] B = {1.1, 0.5, -0.6, 2.2, 0.9, -1.3};
    private static final double[] P = {0.2, 0.9, 0.45, 0.6, 0.05, 0.75}; // probabilities
    private static final double[] LABELS = {1, 0, 1, 1, 0, 0};

    record UnaryCase(String name, BiFunction<Graph, Node, Node> build, DoubleUnaryOperator expected,
            double[] input) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<UnaryCase> unaryOps() {
        return Stream.of(
                new UnaryCase("neg", (g, x) -> g.neg(x), v -> -v, A),
                new UnaryCase("exp", (g, x) -> g.exp(x), PortableMath::exp, A),
                new UnaryCase("log", (g, x) -> g.log(x), Math::log, P),
                new UnaryCase("sqrt", (g, x) -> g.sqrt(x), Math::sqrt, P),
                new UnaryCase("square", (g, x) -> g.square(x), v -> v * v, A),
                new UnaryCase("pow 3", (g, x) -> g.pow(x, 3), v -> v * v * v, A),
                new UnaryCase("pow 0.5", (g, x) -> g.pow(x, 0.5), Math::sqrt, P),
                new UnaryCase("tanh", (g, x) -> g.tanh(x), PortableMath::tanh, A),
                new UnaryCase("sigmoid", (g, x) -> g.sigmoid(x), v -> 1 / (1 + PortableMath.exp(-v)), A),
                new UnaryCase("relu", (g, x) -> g.relu(x), v -> Math.max(v, 0), A),
                new UnaryCase("leaky relu", (g, x) -> g.leakyRelu(x, 0.01), v -> v > 0 ? v : 0.01 * v, A),
                new UnaryCase("abs", (g, x) -> g.abs(x), Math::abs, A),
                new UnaryCase("softplus", (g, x) -> g.softplus(x), v -> Math.log1p(Math.exp(v)), A),
                new UnaryCase("sin", (g, x) -> g.sin(x), StrictMath::sin, A),
                new UnaryCase("cos", (g, x) -> g.cos(x), StrictMath::cos, A),
                new UnaryCase("clip", (g, x) -> g.clip(x, -0.5, 1.0), v -> Math.min(Math.max(v, -0.5), 1.0), A),
                new UnaryCase("clip below only", (g, x) -> g.clip(x, 0.5, Double.POSITIVE_INFINITY),
                        v -> Math.max(v, 0.5), A),
                new UnaryCase("transpose", (g, x) -> g.transpose(x), v -> v, A),
                new UnaryCase("sum", (g, x) -> g.sum(x), null, A),
                new UnaryCase("sum axis 0", (g, x) -> g.sum(x, 0, true), null, A),
                new UnaryCase("sum axis 1", (g, x) -> g.sum(x, 1, true), null, A),
                new UnaryCase("sum axis 1 no keepdims", (g, x) -> g.sum(x, 1, false), null, A),
                new UnaryCase("mean", (g, x) -> g.mean(x), null, A),
                new UnaryCase("mean axis 1", (g, x) -> g.mean(x, 1, true), null, A),
                new UnaryCase("softmax", (g, x) -> g.softmax(x), null, A),
                new UnaryCase("log-sum-exp", (g, x) -> g.logSumExp(x), null, A));
    }

    @ParameterizedTest
    @MethodSource("unaryOps")
    void unaryValueAndGradient(UnaryCase c) {
        Graph g = new Graph();
        Node x = g.parameter("x", 2, 3);
        Node y = c.build().apply(g, x);
        DMatrixRMaj xv = new DMatrixRMaj(2, 3, true, c.input());
        Bindings bindings = new Bindings().set("x", xv);
        DMatrixRMaj value = Interpreter.of(y).run(bindings).get(y);
        if (c.expected() != null && !c.name().equals("transpose")) {
            for (int i = 0; i < 6; i++) {
                assertEquals(c.expected().applyAsDouble(c.input()[i]), value.data[i], 1e-15, c.name() + " at " + i);
            }
        }
        assertGradientMatches(g, y, x, bindings);
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

    record BinaryCase(String name, BiFunction<Graph, Node[], Node> build, DoubleBinaryOperator expected,
            double[] a, double[] b) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> binaryOps() {
        List<BinaryCase> ops = List.of(
                new BinaryCase("add", (g, n) -> g.add(n[0], n[1]), Double::sum, A, B),
                new BinaryCase("sub", (g, n) -> g.sub(n[0], n[1]), (p, q) -> p - q, A, B),
                new BinaryCase("mul", (g, n) -> g.mul(n[0], n[1]), (p, q) -> p * q, A, B),
                new BinaryCase("div", (g, n) -> g.div(n[0], n[1]), (p, q) -> p / q, A, B),
                new BinaryCase("maximum", (g, n) -> g.maximum(n[0], n[1]), Math::max, A, B),
                new BinaryCase("minimum", (g, n) -> g.minimum(n[0], n[1]), Math::min, A, B),
                new BinaryCase("binary cross-entropy", (g, n) -> g.binaryCrossEntropy(n[0], n[1]),
                        (p, y) -> -(y * Math.log(p) + (1 - y) * Math.log(1 - p)), P, LABELS));
        // every pair of broadcastable shapes numpy allows in 2-D, against a 2×3 result
        Shape[] shapes = {Shape.of(2, 3), Shape.of(2, 1), Shape.of(1, 3), Shape.SCALAR};
        Stream.Builder<Arguments> cases = Stream.builder();
        for (BinaryCase op : ops) {
            for (Shape sa : shapes) {
                for (Shape sb : shapes) {
                    if (sa.equals(Shape.of(2, 3)) || sb.equals(Shape.of(2, 3))) {
                        cases.add(Arguments.of(op, sa, sb));
                    }
                }
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1} with {2}")
    @MethodSource("binaryOps")
    void binaryValueAndGradientWithBroadcasting(BinaryCase c, Shape sa, Shape sb) {
        Graph g = new Graph();
        Node a = g.parameter("a", sa);
        Node b = g.parameter("b", sb);
        Node y = c.build().apply(g, new Node[] {a, b});
        assertEquals(Shape.of(2, 3), y.shape());
        DMatrixRMaj av = slice(c.a(), sa);
        DMatrixRMaj bv = slice(c.b(), sb);
        Bindings bindings = new Bindings().set("a", av).set("b", bv);
        DMatrixRMaj value = Interpreter.of(y).run(bindings).get(y);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                // numpy broadcasting: a size-1 dimension repeats
                double x1 = av.get(av.numRows == 1 ? 0 : i, av.numCols == 1 ? 0 : j);
                double x2 = bv.get(bv.numRows == 1 ? 0 : i, bv.numCols == 1 ? 0 : j);
                assertEquals(c.expected().applyAsDouble(x1, x2), value.get(i, j), 1e-15);
            }
        }
        assertGradientMatches(g, y, a, bindings);
        assertGradientMatches(g, y, b, bindings);
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

    /** Checks d(Σ y ∗ R)/d wrt against central differences, R a fixed weighting. */
    static void assertGradientMatches(Graph g, Node y, Node wrt, Bindings bindings) {
        Node weights = g.node("R_" + y.id()).orElseGet(() -> g.input("R_" + y.id(), y.shape()));
        int rows = RandomGraphs.rows(y.shape(), 1);
        int cols = RandomGraphs.cols(y.shape(), 1);
        DMatrixRMaj r = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < r.data.length; i++) {
            r.data[i] = 0.5 + 0.25 * i;
        }
        bindings.set("R_" + y.id(), r);
        Node cost = g.sum(g.mul(y, weights));
        Node grad = g.gradients(cost, wrt).of(wrt);
        DMatrixRMaj analytic = Interpreter.of(grad).run(bindings).get(grad);
        DMatrixRMaj numeric = NumericGradients.centralDifference(Interpreter.of(cost), cost, bindings, wrt, 1e-6);
        double error = NumericGradients.relativeError(analytic, numeric, 1e-2);
        assertTrue(error < 1e-7, () -> "d/d" + wrt.label() + " of " + y + ": relative error " + error
                + "\nanalytic " + analytic + "numeric " + numeric);
    }

    private static DMatrixRMaj slice(double[] values, Shape s) {
        int rows = RandomGraphs.rows(s, 1);
        int cols = RandomGraphs.cols(s, 1);
        return new DMatrixRMaj(rows, cols, true, java.util.Arrays.copyOf(values, rows * cols));
    }

    private static void assertMatrix(DMatrixRMaj m, int rows, int cols, double... expected) {
        assertEquals(rows, m.numRows);
        assertEquals(cols, m.numCols);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], m.data[i], 1e-15, "element " + i);
        }
    }
}
