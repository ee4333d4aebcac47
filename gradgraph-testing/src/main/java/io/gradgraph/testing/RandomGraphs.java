package io.gradgraph.testing;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Dim;
import io.gradgraph.core.EquationPrinter;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Leaf;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import io.gradgraph.core.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.ejml.data.DMatrixRMaj;

/**
 * Random graphs over an op set ({@link OpCatalogue#all()} by default), with random shapes
 * (broadcasting and the symbolic batch size m included) and random values.
 *
 * <p>A case is built deterministically from a seed, so a property with a fixed jqwik seed is
 * repeatable. Each op's operands are mapped into its {@link Domain} ({@code log} sees
 * {@code 0.5 + x²}, a divisor {@code 1 + x²}, cross-entropy a probability), and the nodes that
 * feed a kinked op are recorded so that a property can assume them away from the kink
 * ({@link Case#distanceToKinks()}). A case says which derivatives its ops allow checking
 * ({@link Case#differentiable()}, {@link Case#secondOrder()}).
 *
 * <pre>{@code
 * @Property(tries = 100, seed = "42")
 * void gradients(@ForAll("graphs") RandomGraphs.Case c) {
 *     Assume.that(c.differentiable() && c.distanceToKinks() > 1e-3);
 *     Gradcheck.full().allowingZeroGradients().assertMatches(c.cost(), c.bindings(), c.parameters());
 * }
 * @Provide Arbitrary<RandomGraphs.Case> graphs() { return RandomGraphs.cases(); }
 * }</pre>
 */
public final class RandomGraphs {
    private RandomGraphs() {
    }

    /**
     * A random graph: its scalar cost, the parameters to differentiate with respect to, the
     * intermediate results, values for every leaf, and the nodes that must stay away from kinks.
     */
    public record Case(long seed, Graph graph, Node cost, List<Node> parameters, List<Node> intermediates,
            Bindings bindings, List<KinkInput> kinkInputs, List<String> ops, OpEntry.Smoothness smoothness) {

        /** True when every op's gradient can be checked against central differences. */
        public boolean differentiable() {
            return smoothness != OpEntry.Smoothness.NONE;
        }

        /** True when every op's Hessian-vector products can be checked too. */
        public boolean secondOrder() {
            return smoothness == OpEntry.Smoothness.TWICE;
        }

        /** The value bound to a parameter or input. */
        public DMatrixRMaj value(Node leaf) {
            return bindings.get(((Leaf.Bound) leaf.op()).id());
        }

        /**
         * The smallest distance of a kinked op's input from its kink, or between the arguments of
         * an op that picks one of them (maximum, a max reduction: {@link Ties}); infinite without
         * such ops. Below about 1e-3 central differences with h = 1e-6 may straddle it.
         */
        public double distanceToKinks() {
            if (kinkInputs.isEmpty()) {
                return Ties.distance(cost, bindings);
            }
            List<Node> nodes = kinkInputs.stream().map(KinkInput::node).distinct().toList();
            Results r = Interpreter.of(nodes).run(bindings);
            double min = Double.POSITIVE_INFINITY;
            for (KinkInput k : kinkInputs) {
                for (double v : r.get(k.node()).data) {
                    min = Math.min(min, k.domain().distanceToAvoided(v));
                }
            }
            return Math.min(min, Ties.distance(cost, bindings));
        }

        @Override
        public String toString() {
            return "seed " + seed + ": " + EquationPrinter.forward(cost).replace("\n", "; ");
        }
    }

    /** A node that feeds an op whose domain avoids some points (relu's 0). */
    public record KinkInput(Node node, Domain domain) {
    }

    /** Random graphs over every op of the catalogue. */
    public static Arbitrary<Case> cases() {
        return cases(OpCatalogue.all());
    }

    /** Random graphs over the given ops (e.g. the catalogue plus a user's own entries). */
    public static Arbitrary<Case> cases(List<OpEntry> ops) {
        List<OpEntry> copy = List.copyOf(ops);
        return Arbitraries.longs().map(seed -> build(seed, copy));
    }

    public static Case build(long seed) {
        return build(seed, OpCatalogue.all());
    }

    /** The case of this seed: 1 to 4 rows, m from 1 to 5, 2 to 4 parameters and 2 to 7 ops. */
    public static Case build(long seed, List<OpEntry> ops) {
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("random graphs need at least one op");
        }
        Random random = new Random(seed);
        Graph g = new Graph();
        int n = 1 + random.nextInt(4);
        int k = 1 + random.nextInt(3);
        int m = 1 + random.nextInt(5);
        Shape full = Shape.of(n, "m");
        Map<String, DMatrixRMaj> values = new LinkedHashMap<>();
        List<Node> parameters = new ArrayList<>();
        List<Node> pool = new ArrayList<>();
        List<KinkInput> kinks = new ArrayList<>();
        List<String> used = new ArrayList<>();
        OpEntry.Smoothness smoothness = OpEntry.Smoothness.TWICE;

        Node x = g.input("X", full);
        values.put("X", Domain.REAL.sample(random, n, m));
        pool.add(x);
        Shape[] paramShapes = {full, Shape.of(n, 1), Shape.of(1, "m"), Shape.SCALAR, Shape.of(k, n)};
        int count = 2 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            Shape s = paramShapes[random.nextInt(paramShapes.length)];
            Node p = g.parameter("P" + i, s);
            values.put("P" + i, Domain.REAL.sample(random, rows(s, m), cols(s, m)));
            parameters.add(p);
            pool.add(p);
        }

        int steps = 2 + random.nextInt(6);
        for (int i = 0; i < steps; i++) {
            OpEntry op = ops.get(random.nextInt(ops.size()));
            Node anchor = pool.get(random.nextInt(pool.size()));
            List<Node> operands = new ArrayList<>();
            for (OpEntry.Operand operand : op.operands()) {
                Node node = switch (operand.kind()) {
                    case ANCHOR -> operand.domain().into().apply(g, anchor);
                    case BROADCAST -> operand.domain().into().apply(g, partner(random, pool, anchor));
                    case PARAMETER -> {
                        String name = "M" + parameters.size();
                        Node w = g.parameter(name, operand.shapeFromAnchor().apply(anchor.shape()));
                        values.put(name, operand.domain().sample(random, rows(w.shape(), m), cols(w.shape(), m)));
                        parameters.add(w);
                        yield w;
                    }
                };
                if (!operand.domain().avoid().isEmpty()) {
                    kinks.add(new KinkInput(node, operand.domain()));
                }
                operands.add(node);
            }
            pool.add(op.build().build(g, operands));
            used.add(op.name());
            if (op.smoothness().compareTo(smoothness) > 0) {
                smoothness = op.smoothness(); // the least smooth op decides
            }
        }
        // the cost mixes the last results with random weights so no gradient is trivially zero
        Node cost = null;
        for (int i = Math.max(0, pool.size() - 3); i < pool.size(); i++) {
            Node r = pool.get(i);
            String name = "R" + i;
            Node weights = g.input(name, r.shape());
            values.put(name, Domain.REAL.sample(random, rows(r.shape(), m), cols(r.shape(), m)));
            Node term = g.sum(g.mul(r, weights));
            cost = cost == null ? term : g.add(cost, term);
        }
        Bindings bindings = new Bindings();
        values.forEach(bindings::set);
        List<Node> intermediates = pool.stream().filter(p -> !(p.op() instanceof Leaf)).distinct().toList();
        return new Case(seed, g, cost, List.copyOf(parameters), intermediates, bindings, List.copyOf(kinks),
                List.copyOf(used), smoothness);
    }

    /** A node whose shape broadcasts with a's (there is always a itself). */
    private static Node partner(Random random, List<Node> pool, Node a) {
        List<Node> fits = pool.stream().filter(p -> GraphArbitraries.broadcastable(a.shape(), p.shape())).toList();
        return fits.get(random.nextInt(fits.size()));
    }

    static int rows(Shape s, int m) {
        return s.rows() instanceof Dim.Fixed f ? f.size() : m;
    }

    static int cols(Shape s, int m) {
        return s.cols() instanceof Dim.Fixed f ? f.size() : m;
    }
}
