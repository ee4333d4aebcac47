package io.gradgraph.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.DefaultStack;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Large graphs: generation recurses nowhere, and the generated class splits into small methods. */
class ScaleTest {

    @Test
    void aTenThousandOpChainGeneratesOnTheDefaultStackInSmallMethods() throws Throwable {
        DefaultStack.run(() -> {
            Graph g = new Graph();
            Node x = g.input("X", Shape.of(2, "m"));
            Node w = g.parameter("W", 2, 2);
            Node v = g.matmul(w, x);
            for (int i = 0; i < 10_000; i++) {
                v = i % 2 == 0 ? g.tanh(v) : g.add(v, x);
            }
            Node j = g.mean(g.square(v)).named("J");
            String source = CodeGenerator.source("p", "Chain", List.of(j, g.gradients(j, w).of(w)));
            assertTrue(source.contains("private void steps"), "run is split into parts");
            assertTrue(source.contains("public void run(int m, double[] X, double[] W, double[] J, double[] dW)"), "few arguments: the named run stays");
        });
    }

    /**
     * A 70-layer network: 140 parameters and 140 gradients are more arguments than a Java method
     * takes, and more steps than one method should hold; compiled, it gives the interpreter's bits.
     */
    @Test
    void aDeepNetworkWithHundredsOfParametersCompilesAndAgrees() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node a = x;
        List<Node> parameters = new ArrayList<>();
        Random random = new Random(3);
        Bindings bindings = new Bindings().set("X", Fixtures.random(random, 2, 17, 1.0));
        for (int l = 1; l <= 70; l++) {
            Node w = g.parameter("W" + l, 2, 2);
            Node b = g.parameter("b" + l, 2, 1);
            parameters.add(w);
            parameters.add(b);
            bindings.set("W" + l, Fixtures.random(random, 2, 2, 1.0)).set("b" + l, Fixtures.random(random, 2, 1, 0.1));
            a = g.tanh(g.add(g.matmul(w, a), b));
        }
        Node j = g.mean(g.square(a)).named("J");
        Gradients grads = g.gradients(j, parameters);
        List<Node> outputs = new ArrayList<>(List.of(j));
        parameters.forEach(p -> outputs.add(grads.of(p)));
        CompiledGraphTest.assertBitIdentical(outputs, bindings);
    }
}
