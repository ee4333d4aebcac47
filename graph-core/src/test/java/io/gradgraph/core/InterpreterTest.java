package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gradgraph.kernel.PortableMath;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The interpreter on the course's shallow network, against the course's hand-written backprop. */
class InterpreterTest {

    @Test
    void shallowNetworkMatchesTheCoursesFormulas() {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        Random random = new Random(1);
        int m = 37;
        DMatrixRMaj x = RandomGraphs.randomMatrix(random, 2, m, 3);
        DMatrixRMaj y = new DMatrixRMaj(1, m);
        for (int j = 0; j < m; j++) {
            y.data[j] = random.nextBoolean() ? 1 : 0;
        }
        DMatrixRMaj w1 = RandomGraphs.randomMatrix(random, 4, 2, 1);
        DMatrixRMaj b1 = RandomGraphs.randomMatrix(random, 4, 1, 1);
        DMatrixRMaj w2 = RandomGraphs.randomMatrix(random, 1, 4, 1);
        DMatrixRMaj b2 = RandomGraphs.randomMatrix(random, 1, 1, 1);
        Bindings bindings = new Bindings().set("X", x).set("Y", y).set("W1", w1).set("b1", b1).set("W2", w2)
                .set("b2", b2);
        Results r = Interpreter.of(net.J, net.A2, net.grads.of(net.W1), net.grads.of(net.b1), net.grads.of(net.W2),
                net.grads.of(net.b2)).run(bindings);

        // forward_propagation and backward_propagation from the course, step by step
        DMatrixRMaj z1 = add(mult(w1, x), b1);
        DMatrixRMaj a1 = map(z1, Math::tanh);
        DMatrixRMaj z2 = add(mult(w2, a1), b2);
        DMatrixRMaj a2 = map(z2, v -> 1 / (1 + Math.exp(-v)));
        double cost = 0;
        for (int j = 0; j < m; j++) {
            cost += Math.log(a2.data[j]) * y.data[j] + (1 - y.data[j]) * Math.log(1 - a2.data[j]);
        }
        cost = -cost / m;
        DMatrixRMaj dz2 = new DMatrixRMaj(1, m);
        CommonOps_DDRM.subtract(a2, y, dz2);
        DMatrixRMaj dw2 = scale(1.0 / m, mult(dz2, transposed(a1)));
        DMatrixRMaj db2 = scale(1.0 / m, rowSums(dz2));
        DMatrixRMaj dz1 = mult(transposed(w2), dz2);
        for (int i = 0; i < dz1.data.length; i++) {
            dz1.data[i] *= 1 - a1.data[i] * a1.data[i];
        }
        DMatrixRMaj dw1 = scale(1.0 / m, mult(dz1, transposed(x)));
        DMatrixRMaj db1 = scale(1.0 / m, rowSums(dz1));

        assertEquals(cost, r.scalar(net.J), 1e-14);
        assertMatrixEquals(a2, r.get(net.A2));
        assertMatrixEquals(dw1, r.get("dW1"));
        assertMatrixEquals(db1, r.get("db1"));
        assertMatrixEquals(dw2, r.get("dW2"));
        assertMatrixEquals(db2, r.get("db2"));
    }

    @Test
    void oneExecutableServesAnyBatchSizeAndReusesItsBuffers() {
        ShallowNetwork net = new ShallowNetwork(2, 3);
        Interpreter run = Interpreter.of(net.A2);
        Random random = new Random(5);
        Bindings bindings = new Bindings().set("W1", RandomGraphs.randomMatrix(random, 3, 2, 1))
                .set("b1", RandomGraphs.randomMatrix(random, 3, 1, 1))
                .set("W2", RandomGraphs.randomMatrix(random, 1, 3, 1))
                .set("b2", RandomGraphs.randomMatrix(random, 1, 1, 1));
        DMatrixRMaj first = run.run(bindings.set("X", RandomGraphs.randomMatrix(random, 2, 64, 1))).get(net.A2);
        assertEquals(64, first.numCols);
        DMatrixRMaj last = run.run(bindings.set("X", RandomGraphs.randomMatrix(random, 2, 17, 1))).get(net.A2);
        assertEquals(17, last.numCols);
        assertSame(first, last, "the output buffer is reused");
    }

    /**
     * A run looks its operands up by position in the plan, kept between runs: each run still reads
     * its own bindings (also through transposes folded into a product), and an output that is a
     * bound value is the caller's matrix.
     */
    @Test
    void eachRunReadsItsOwnBindings() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(3, "m"));
        Node w = g.parameter("W", 2, 3);
        Node y = g.matmul(g.transpose(x), g.transpose(w)).named("Y"); // both transposes read in place
        Node s = g.sum(g.tanh(x), 1, true).named("S");
        Interpreter run = Interpreter.of(y, s, x);
        Random random = new Random(9);
        for (int m : new int[] {5, 9, 5}) {
            DMatrixRMaj xv = RandomGraphs.randomMatrix(random, 3, m, 1);
            DMatrixRMaj wv = RandomGraphs.randomMatrix(random, 2, 3, 1);
            Results r = run.run(new Bindings().set("X", xv).set("W", wv));
            assertSame(xv, r.get(x));
            assertMatrixEquals(mult(transposed(xv), transposed(wv)), r.get(y));
            assertMatrixEquals(rowSums(map(xv, PortableMath::tanh)), r.get(s));
        }
    }

    private static DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(a, b, c);
        return c;
    }

    private static DMatrixRMaj transposed(DMatrixRMaj a) {
        return CommonOps_DDRM.transpose(a, null);
    }

    private static DMatrixRMaj add(DMatrixRMaj a, DMatrixRMaj columnVector) {
        DMatrixRMaj c = a.copy();
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) {
                c.set(i, j, a.get(i, j) + columnVector.get(i, 0));
            }
        }
        return c;
    }

    private static DMatrixRMaj map(DMatrixRMaj a, java.util.function.DoubleUnaryOperator f) {
        DMatrixRMaj c = a.copy();
        for (int i = 0; i < c.data.length; i++) {
            c.data[i] = f.applyAsDouble(c.data[i]);
        }
        return c;
    }

    private static DMatrixRMaj scale(double s, DMatrixRMaj a) {
        DMatrixRMaj c = a.copy();
        CommonOps_DDRM.scale(s, c);
        return c;
    }

    private static DMatrixRMaj rowSums(DMatrixRMaj a) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, 1);
        CommonOps_DDRM.sumRows(a, c);
        return c;
    }

    private static void assertMatrixEquals(DMatrixRMaj expected, DMatrixRMaj actual) {
        assertEquals(expected.numRows, actual.numRows);
        assertEquals(expected.numCols, actual.numCols);
        for (int i = 0; i < expected.data.length; i++) {
            assertEquals(expected.data[i], actual.data[i], 1e-14 * Math.max(1, Math.abs(expected.data[i])),
                    "element " + i);
        }
    }
}
