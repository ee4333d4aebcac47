package io.gradgraph.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.CustomOps;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Graph;
import io.gradgraph.core.GraphException;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import io.gradgraph.core.Shape;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** A user's op through generated code: inlined by its lowering, or called at run time without one. */
class CustomOpCompiledTest {

    private static void assertSameBits(List<Node> outputs, Bindings bindings) {
        Map<Node, DMatrixRMaj> expected = Fixtures.copy(Interpreter.of(outputs).run(bindings));
        Results actual = CompiledGraph.compile(outputs).run(bindings);
        for (Node n : outputs) {
            for (int i = 0; i < expected.get(n).getNumElements(); i++) {
                assertEquals(Double.doubleToLongBits(expected.get(n).data[i]), Double.doubleToLongBits(actual.get(n).data[i]),
                        n.label() + "[" + i + "]");
            }
        }
    }

    private static Bindings bindings() {
        return new Bindings().set("X", new DMatrixRMaj(2, 3, true, 1, -2, 0.5, 3, 0.25, -1))
                .set("W", new DMatrixRMaj(1, 2, true, 0.7, -0.3));
    }

    @Test
    void aLoweredCustomOpIsInlinedWithTheInterpretersBits() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node w = g.parameter("W", 1, 2);
        Node j = g.mean(g.apply(new CustomOps.LogOnePlusExp(), g.matmul(w, x))).named("J");
        Gradients grads = g.gradients(j, w);
        List<Node> outputs = List.of(j, grads.of(w));
        assertSameBits(outputs, bindings());
        String source = CodeGenerator.source("com.example", "Step", outputs);
        assertEquals(true, source.contains("java.lang.StrictMath.log1p("), source);
    }

    @Test
    void withoutALoweringGeneratedCodeCallsTheOpOrBuildTimeGenerationRefusesNamingIt() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node w = g.parameter("W", 1, 2);
        Node r = g.apply(new CustomOps.StraightThroughRound(), g.matmul(w, x));
        Node j = g.mean(g.square(r)).named("J");
        Gradients grads = g.gradients(j, w);
        List<Node> outputs = List.of(j, grads.of(w));
        assertSameBits(outputs, bindings());
        GraphException e = assertThrows(GraphException.class, () -> CodeGenerator.source("com.example", "Step", outputs));
        assertEquals(true, e.getMessage().startsWith("code generation: op 'round' at round#"), e.getMessage());
    }
}
