package io.gradgraph.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Leaf;
import io.gradgraph.core.Node;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RandomGraphsTest {

    @Test
    void aSeedAlwaysBuildsTheSameCase() {
        assertEquals(RandomGraphs.build(42).toString(), RandomGraphs.build(42).toString());
        assertEquals(RandomGraphs.build(42).bindings().values().keySet(),
                RandomGraphs.build(42).bindings().values().keySet());
    }

    @Test
    void aThousandSeedsUseEveryOpOfTheCatalogue() {
        Set<String> used = new HashSet<>();
        for (long seed = 0; seed < 1000; seed++) {
            used.addAll(RandomGraphs.build(seed).ops());
        }
        assertEquals(OpCatalogue.all().stream().map(OpEntry::name).collect(java.util.stream.Collectors.toSet()), used);
    }

    @Test
    void theLeastSmoothOpDecidesWhatACaseAllowsChecking() {
        OpEntry stepLike = OpEntry.unary("step", Domain.REAL.avoiding(0), (g, x) -> g.step(x), v -> v[0] > 0 ? 1 : 0)
                .smoothness(OpEntry.Smoothness.NONE);
        OpEntry once = OpCatalogue.named("tanh").smoothness(OpEntry.Smoothness.ONCE);
        RandomGraphs.Case withStep = RandomGraphs.build(5, List.of(once, stepLike));
        RandomGraphs.Case withOnce = RandomGraphs.build(5, List.of(once));
        RandomGraphs.Case smooth = RandomGraphs.build(5, List.of(OpCatalogue.named("tanh")));
        assertEquals(withStep.ops().contains("step"), !withStep.differentiable(), withStep.ops().toString());
        assertTrue(withOnce.differentiable() && !withOnce.secondOrder());
        assertTrue(smooth.differentiable() && smooth.secondOrder());
    }

    @Property(tries = 100, seed = "7")
    void everyLeafIsBoundAndTheCostIsFinite(@ForAll long seed) {
        RandomGraphs.Case c = RandomGraphs.build(seed);
        double cost = Interpreter.of(c.cost()).run(c.bindings()).scalar(c.cost());
        assertTrue(Double.isFinite(cost), c + ": " + cost);
    }

    @Property(tries = 50, seed = "8")
    void bindingsFromShapesFitTheGraph(@ForAll long seed) {
        Graph g = new Graph();
        Node x = g.input("X", GraphArbitraries.shapes().sample());
        Node w = g.parameter("W", 3, 2);
        Node j = g.sum(g.tanh(g.add(x, g.constant(1))));
        Bindings b = GraphArbitraries.randomBindings(new java.util.Random(seed),
                List.of(x, w), leaf -> Domain.REAL.avoiding(0));
        for (Node leaf : List.of(x, w)) {
            for (double v : b.get(((Leaf.Bound) leaf.op()).id()).data) {
                assertTrue(Math.abs(v) >= 0.05 && Math.abs(v) <= 2, "value " + v);
            }
        }
        assertTrue(Double.isFinite(Interpreter.of(j).run(b).scalar(j)));
    }
}
