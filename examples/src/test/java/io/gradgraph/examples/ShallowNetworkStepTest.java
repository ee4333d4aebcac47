package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import io.gradgraph.core.Shape;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The class generated at build time from src/main/graphs agrees with the interpreter. */
class ShallowNetworkStepTest {

    @Test
    void generatedStepEqualsTheInterpreter() {
        int m = 50;
        Random random = new Random(7);
        double[] x = values(random, 2 * m, 2);
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            y[i] = random.nextBoolean() ? 1 : 0;
        }
        double[] w1 = values(random, 8, 0.5);
        double[] b1 = values(random, 4, 0.1);
        double[] w2 = values(random, 4, 0.5);
        double[] b2 = values(random, 1, 0.1);

        double[] J = new double[1];
        double[] dW1 = new double[8];
        double[] db1 = new double[4];
        double[] dW2 = new double[4];
        double[] db2 = new double[1];
        double[] A2 = new double[m];
        new ShallowNetworkStep().run(m, x, y, w1, b1, w2, b2, J, dW1, db1, dW2, db2, A2);

        Graph g = new Graph();
        Node X = g.input("X", Shape.of(2, "m"));
        Node Y = g.input("Y", Shape.of(1, "m"));
        Node W1 = g.parameter("W1", 4, 2);
        Node B1 = g.parameter("b1", 4, 1);
        Node W2 = g.parameter("W2", 1, 4);
        Node B2 = g.parameter("b2", 1, 1);
        Node a1 = g.tanh(g.add(g.matmul(W1, X), B1));
        Node a2 = g.sigmoid(g.add(g.matmul(W2, a1), B2));
        Node cost = g.mean(g.binaryCrossEntropy(a2, Y));
        Gradients grads = g.gradients(cost, W1, B1, W2, B2);
        Results r = Interpreter.of(List.of(cost, grads.of(W1), grads.of(B1), grads.of(W2), grads.of(B2), a2))
                .run(new Bindings().set("X", matrix(2, m, x)).set("Y", matrix(1, m, y)).set("W1", matrix(4, 2, w1))
                        .set("b1", matrix(4, 1, b1)).set("W2", matrix(1, 4, w2)).set("b2", matrix(1, 1, b2)));

        assertEquals(List.of("J", "dW1", "db1", "dW2", "db2", "A2"), ShallowNetworkStep.OUTPUTS);
        assertEquals(r.scalar(cost), J[0], 1e-12);
        assertArrayEquals(r.get(grads.of(W1)).data, dW1, 1e-12);
        assertArrayEquals(r.get(grads.of(B1)).data, db1, 1e-12);
        assertArrayEquals(r.get(grads.of(W2)).data, dW2, 1e-12);
        assertArrayEquals(r.get(grads.of(B2)).data, db2, 1e-12);
        assertArrayEquals(r.get(a2).data, A2, 1e-12);
    }

    private static double[] values(Random random, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * (2 * random.nextDouble() - 1);
        }
        return v;
    }

    private static DMatrixRMaj matrix(int rows, int cols, double[] data) {
        return DMatrixRMaj.wrap(rows, cols, data);
    }
}
