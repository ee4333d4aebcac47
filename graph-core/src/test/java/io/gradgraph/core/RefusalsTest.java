package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** What graph building and the interpreter refuse instead of computing a silent NaN or a crash. */
class RefusalsTest {

    @Test
    void checkingNaNNamesANaNThatArrivesInAnInputOrParameter() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node w = g.parameter("W", 1, 2);
        Node j = g.mean(g.tanh(g.matmul(w, x))).named("J");
        DMatrixRMaj xv = new DMatrixRMaj(new double[][] {{1, 2, 3}, {4, 5, 6}});
        DMatrixRMaj wv = new DMatrixRMaj(new double[][] {{0.5, -0.5}});
        Interpreter checking = Interpreter.checkingNaN(List.of(j));
        checking.run(new Bindings().set("X", xv).set("W", wv));

        xv.set(1, 2, Double.NaN);
        GraphException inInput = assertThrows(GraphException.class,
                () -> checking.run(new Bindings().set("X", xv).set("W", wv)));
        assertEquals("input 'X' holds NaN at [1,2] (2×3): the NaN comes from the bound value, not from an op",
                inInput.getMessage());
        xv.set(1, 2, 6);
        wv.set(0, 1, Double.NaN);
        GraphException inParameter = assertThrows(GraphException.class,
                () -> checking.run(new Bindings().set("X", xv).set("W", wv)));
        assertEquals("parameter 'W' holds NaN at [0,1] (1×2): the NaN comes from the bound value, not from an op",
                inParameter.getMessage());
    }

    /** A batch of zero examples: both backends refuse it through Bindings (the compiled test checks the same text). */
    @Test
    void anEmptyBatchIsRefusedNamingTheInput() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node j = g.mean(g.sum(x, 0, true)).named("J");
        GraphException e = assertThrows(GraphException.class,
                () -> Interpreter.of(j).run(new Bindings().set("X", new DMatrixRMaj(2, 0))));
        assertEquals("input 'X' is 2×0: size m must be at least 1, got 0", e.getMessage());
    }

    @Test
    void aNonFiniteExponentOrSlopeIsRefusedWhenBuilt() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        assertEquals("pow: the exponent must be a finite number, got NaN",
                assertThrows(GraphException.class, () -> g.pow(x, Double.NaN)).getMessage());
        assertEquals("pow: the exponent must be a finite number, got Infinity",
                assertThrows(GraphException.class, () -> g.pow(x, Double.POSITIVE_INFINITY)).getMessage());
        assertEquals("leaky-relu: the slope alpha must be a finite number, got NaN",
                assertThrows(GraphException.class, () -> g.leakyRelu(x, Double.NaN)).getMessage());
        assertEquals("a constant cannot be NaN",
                assertThrows(GraphException.class, () -> g.constant(Double.NaN)).getMessage());
    }

    @Test
    void aDimensionBelowOneNamesTheParameter() {
        Graph g = new Graph();
        assertEquals("parameter 'W1': a dimension must be at least 1, got 0×3",
                assertThrows(GraphException.class, () -> g.parameter("W1", 0, 3)).getMessage());
        assertEquals("parameter 'b1': a dimension must be at least 1, got 4×-1",
                assertThrows(GraphException.class, () -> g.parameter("b1", 4, -1)).getMessage());
    }
}
