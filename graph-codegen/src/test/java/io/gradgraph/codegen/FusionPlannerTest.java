package io.gradgraph.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.codegen.Plan.Step;
import io.gradgraph.codegen.Plan.Storage;
import io.gradgraph.core.Bindings;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;
import io.gradgraph.core.ShallowNetwork;
import io.gradgraph.core.Structural;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FusionPlannerTest {

    private static List<Step.Loop> loops(Plan plan) {
        return plan.steps().stream().filter(s -> s instanceof Step.Loop).map(s -> (Step.Loop) s).toList();
    }

    private static List<Step.Product> products(Plan plan) {
        return plan.steps().stream().filter(s -> s instanceof Step.Product).map(s -> (Step.Product) s).toList();
    }

    @Test
    void shallowNetworkFusesIntoFiveProductsAndFiveLoopsWithThreeBuffers() {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        Plan plan = FusionPlanner.plan(Fixtures.trainingOutputs(net));
        assertEquals(5, products(plan).size());
        assertEquals(5, loops(plan).size());
        assertEquals(3, plan.temps().size(), "scratch buffers: " + plan.temps());

        // the activation and bias add are the first product's epilogue, computed in place
        Step.Loop epilogue = loops(plan).get(0);
        assertTrue(epilogue.members().contains(net.A1) && epilogue.members().contains(net.Z1));
        assertEquals(List.of(net.A1), epilogue.stored());
        assertEquals(plan.storage().get(products(plan).get(0).node()), plan.storage().get(net.A1));

        // σ, the cost terms and their sum, A2 − Y and its sum: one loop over 1×m, then J = (1/m) Σ …
        // and db2 = (1/m) Σ_cols … after it, in the same method
        Step.Loop output = loops(plan).stream().filter(l -> l.members().contains(net.A2)).findFirst().orElseThrow();
        assertTrue(output.members().contains(net.Z2));
        assertEquals(2, output.members().stream().filter(n -> n.op() instanceof Structural.Reduce).count());
        assertFalse(output.stored().contains(net.Z2));
        assertEquals(List.of(net.J, net.grads.of(net.b2)), output.epilogue());
        assertTrue(output.stored().stream().noneMatch(n -> n.op() instanceof Structural.Reduce), "sums stay in locals");

        // db1 = (1/m) Σ_cols dZ1 is finished at the end of each row of the loop computing dZ1
        Step.Loop backward = loops(plan).stream().filter(l -> l.epilogue().contains(net.grads.of(net.b1)))
                .findFirst().orElseThrow();
        assertEquals(net.grads.of(net.b1).input(1), backward.members().stream()
                .filter(n -> n.op() instanceof Structural.Reduce).findFirst().orElseThrow());

        // no transpose is ever copied: they are kernel flags
        for (Step.Loop loop : loops(plan)) {
            assertTrue(loop.members().stream().noneMatch(n -> n.op() instanceof Structural.Transpose));
        }
        assertTrue(products(plan).stream().anyMatch(p -> p.b().transposed() && !p.b().identity()));
        assertTrue(products(plan).stream().anyMatch(p -> p.a().transposed() && !p.a().identity()));

        // parameter gradients are computed in their output arrays: dW = (1/m)·(dZ·Aᵀ) scales in place
        Node dW1 = net.grads.of(net.W1);
        Node product = dW1.input(1);
        assertInstanceOf(Storage.Output.class, plan.storage().get(product));
        assertEquals(plan.storage().get(dW1), plan.storage().get(product));
    }

    @Test
    void transposedOperandsOfElementwiseOpsAreStridedReads() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(3, 3));
        Node y = g.add(g.tanh(x), g.transpose(x)).named("Y");
        Plan plan = FusionPlanner.plan(List.of(y));
        assertEquals(1, plan.steps().size());
        assertEquals(0, plan.temps().size());
        String source = JavaEmitter.emit(plan, "p", "C").toString();
        assertTrue(source.contains("X[i + j * 3]"), source);
        CompiledGraphTest.assertBitIdentical(List.of(y),
                new Bindings().set("X", Fixtures.random(new Random(1), 3, 3, 1)));
    }

    @Test
    void independentLoopsOverTheSameShapeMerge() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node a = g.exp(x).named("a");
        Node b = g.sum(g.square(x)).named("b");
        Node c = g.sum(g.neg(x), 1, true).named("c");
        Plan plan = FusionPlanner.plan(List.of(a, b, c));
        assertEquals(1, loops(plan).size());
    }

    @Test
    void aLoopNeverMergesWithOneThatNeedsItsFinishedSum() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node centered = g.sub(x, g.mean(x, 1, true)).named("centered");
        Plan plan = FusionPlanner.plan(List.of(centered));
        // Σ_cols X over 2×m with the mean (1/m)·Σ at each row's end, then X − mean over 2×m
        assertEquals(2, loops(plan).size());
        assertEquals(List.of(centered.input(1)), loops(plan).get(0).epilogue());
        assertEquals(loops(plan).get(0).space(), loops(plan).get(1).space());
        CompiledGraphTest.assertBitIdentical(List.of(centered),
                new Bindings().set("X", Fixtures.random(new Random(2), 2, 7, 1)));
    }

    /** Found by a random-graph sweep: a row's epilogue must not read a buffer the row has overwritten. */
    @Test
    void aBufferReadByAnEpilogueIsNotOverwrittenByItsLoop() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(3, "m"));
        Node q = g.parameter("Q", 3, 2);
        Node w = g.parameter("W", 2, 2);
        Node s = g.sum(g.tanh(x), 1, true);           // 3×1, from a loop over 3×m
        Node t = g.sum(g.tanh(x));                    // 1×1, same loop
        Node e = g.exp(g.mul(t, q));                  // 3×2, after that loop; read by a product: stored
        Node out = g.matmul(e, w).named("out");
        Node rows = g.add(s, g.sum(e, 1, true)).named("rows"); // 3×1: the epilogue of the 3×2 loop
        Plan plan = FusionPlanner.plan(List.of(rows, out));
        Step.Loop loop = loops(plan).stream().filter(l -> l.members().contains(e)).findFirst().orElseThrow();
        assertEquals(List.of(rows), loop.epilogue());
        assertTrue(!plan.storage().get(s).equals(plan.storage().get(e)), "Σ and exp(Q) must not share memory");
        Random random = new Random(5);
        CompiledGraphTest.assertBitIdentical(List.of(rows, out), new Bindings().set("X", Fixtures.random(random, 3, 8, 1))
                .set("Q", Fixtures.random(random, 3, 2, 1)).set("W", Fixtures.random(random, 2, 2, 1)));
    }

    @Test
    void namesThatAreNotJavaIdentifiersOrThatBreakCommentsAreSafe() {
        Graph g = new Graph();
        Node x = g.input("int", Shape.of(2, "m"));
        Node w = g.parameter("W 1\n*/ evil \\u000a();", 3, 2);
        Node z = g.tanh(g.matmul(w, x)).named("k");
        Node s = g.sum(z).named("i\\u0022");
        var grads = g.gradients(s, w);
        Bindings bindings = new Bindings().set("int", Fixtures.random(new Random(3), 2, 5, 1))
                .set("W 1\n*/ evil \\u000a();", Fixtures.random(new Random(4), 3, 2, 1));
        CompiledGraphTest.assertBitIdentical(List.of(z, s, grads.of(w)), bindings);
    }
}
