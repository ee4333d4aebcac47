package io.gradgraph.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import io.gradgraph.core.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The ops beyond the course through generated code: the interpreter's bits, finite for huge logits. */
class NewOpsCompiledTest {

    private static void assertSameBits(Map<Node, DMatrixRMaj> expected, Results actual, List<Node> outputs) {
        for (Node n : outputs) {
            DMatrixRMaj x = expected.get(n);
            DMatrixRMaj a = actual.get(n);
            assertEquals(x.getNumElements(), a.getNumElements(), n.label());
            for (int i = 0; i < x.getNumElements(); i++) {
                assertEquals(Double.doubleToLongBits(x.data[i]), Double.doubleToLongBits(a.data[i]),
                        n.label() + "[" + i + "]: interpreter " + x.data[i] + ", generated " + a.data[i]);
            }
        }
    }

    @Test
    void softmaxAndItsCrossEntropyStayFiniteForLogitsOfAThousand() {
        Graph g = new Graph();
        Node z = g.parameter("Z", 3, 4);
        Node y = g.input("Y", Shape.of(3, 4));
        Node s = g.softmax(z).named("S");
        Node lse = g.logSumExp(z).named("L");
        Node j = g.mean(g.softmaxCrossEntropy(z, y)).named("J");
        Gradients grads = g.gradients(j, z);
        List<Node> outputs = List.of(s, lse, j, grads.of(z));
        Bindings bindings = new Bindings()
                .set("Z", new DMatrixRMaj(3, 4, true, 1000, -1000, 0.5, 1000, -1000, 1000, -0.5, 1000, 0, 0, 2, -1000))
                .set("Y", new DMatrixRMaj(3, 4, true, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0));
        Map<Node, DMatrixRMaj> expected = Fixtures.copy(Interpreter.of(outputs).run(bindings));
        Results actual = CompiledGraph.compile(outputs).run(bindings);
        assertSameBits(expected, actual, outputs);
        for (Node n : outputs) {
            for (double v : actual.get(n).data) {
                assertTrue(Double.isFinite(v), n.label() + " has " + v);
            }
        }
        double column2 = Math.log(Math.exp(0.5) + Math.exp(-0.5) + Math.exp(2)) - 0.5;
        assertEquals((2000 + 0 + column2 + Math.log(2)) / 4, actual.scalar(j), 1e-12);
    }

    @Test
    void elementwiseOpsAndMaxMinReductionsGiveTheInterpretersBits() {
        Graph g = new Graph();
        Node x = g.parameter("X", 3, 5);
        Node w = g.parameter("W", 3, 1);
        List<Node> outputs = new ArrayList<>(List.of(g.abs(x), g.softplus(x), g.sin(x), g.cos(x), g.clip(x, -0.5, 0.5),
                g.maximum(x, w), g.minimum(x, w), g.stopGradient(x), g.max(x), g.max(x, 0, true), g.max(x, 1, false),
                g.min(x), g.min(x, 0, false), g.min(x, 1, true)));
        Node cost = null;
        for (Node o : List.copyOf(outputs)) {
            Node term = g.sum(g.mul(o, g.input("R" + o.id(), o.shape())));
            cost = cost == null ? term : g.add(cost, term);
        }
        Gradients grads = g.gradients(cost, x, w);
        outputs.add(grads.of(x));
        outputs.add(grads.of(w));
        java.util.Random random = new java.util.Random(5);
        Bindings bindings = new Bindings().set("X", Fixtures.random(random, 3, 5, 2.0))
                .set("W", new DMatrixRMaj(3, 1, true, 0.1, -0.2, 0.3));
        bindings.get("X").data[7] = 0.3; // a tie with W[1] and an exact clip bound
        bindings.get("X").data[8] = 0.5;
        for (Node n : g.nodes()) {
            if (n.name().filter(name -> name.startsWith("R")).isPresent()) {
                bindings.set(n.name().get(), Fixtures.random(random, n.shape().rows().resolve(Map.of()),
                        n.shape().cols().resolve(Map.of()), 1.0));
            }
        }
        Map<Node, DMatrixRMaj> expected = Fixtures.copy(Interpreter.of(outputs).run(bindings));
        assertSameBits(expected, CompiledGraph.compile(outputs).run(bindings), outputs);
    }
}
