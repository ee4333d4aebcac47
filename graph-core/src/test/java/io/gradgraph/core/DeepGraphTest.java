package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Nothing recursive: a 10,000-op chain is differentiated, printed and run on a thread's default stack. */
class DeepGraphTest {

    @Test
    void aTenThousandOpChainDifferentiatesPrintsAndRuns() throws Throwable {
        DefaultStack.run(() -> {
            Graph g = new Graph();
            Node x = g.input("X", Shape.of(2, "m"));
            Node w = g.parameter("W", 2, 2);
            Node v = g.matmul(w, x);
            for (int i = 0; i < 10_000; i++) {
                v = i % 2 == 0 ? g.tanh(v) : g.add(v, x);
            }
            Node j = g.mean(g.square(v)).named("J");
            Gradients grads = g.gradients(j, w);
            String forward = EquationPrinter.forward(j);
            String backward = EquationPrinter.backward(grads);
            // expressions nest at most MAX_INLINE_DEPTH deep: the chain prints as temporaries
            assertTrue(forward.lines().count() >= 10_000 / (EquationPrinter.MAX_INLINE_DEPTH + 1), forward.lines().count() + "");
            assertTrue(forward.lines().allMatch(line -> line.length() < 400), "a line too long");
            assertTrue(forward.lines().reduce((a, b) -> b).orElseThrow().startsWith("J = "), forward);
            assertTrue(backward.contains("dW = "), backward);
            DMatrixRMaj xv = new DMatrixRMaj(2, 3, true, 0.1, -0.2, 0.3, 0.4, -0.5, 0.6);
            DMatrixRMaj wv = new DMatrixRMaj(2, 2, true, 0.5, -0.25, 0.125, 0.75);
            Results r = Interpreter.of(List.of(j, grads.of(w))).run(new Bindings().set("X", xv).set("W", wv));
            assertTrue(Double.isFinite(r.scalar(j)));
            assertEquals(10_007, Graph.topologicalOrder(List.of(j)).size());
        });
    }
}
