package io.gradgraph.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.ejml.data.DMatrixRMaj;

/**
 * Random graphs over the whole op set, with random shapes (including broadcasting and the
 * symbolic batch size m) and random values, for property tests here and in graph-codegen.
 *
 * <p>A case is built deterministically from a seed, so jqwik's fixed seeds make runs repeatable.
 * Ops with restricted domains get inputs that keep them defined: log and sqrt see {@code 1 + x²}
 * or a sigmoid, division divides by {@code 1 + x²}, cross-entropy sees probabilities. Kinks and
 * ties (relu, abs, maximum, clip, …) are kept out of samples by the properties, with
 * {@link NumericGradients#distanceToKinks}.
 */
public final class RandomGraphs {
    private RandomGraphs() {
    }

    /** A random graph: its cost, the nodes to differentiate with respect to, and values for every leaf. */
    public record Case(long seed, Graph graph, Node cost, List<Node> parameters, List<Node> intermediates,
            Bindings bindings) {
        /** The value bound to a parameter or input. */
        public DMatrixRMaj value(Node leaf) {
            return bindings.get(((Leaf.Bound) leaf.op()).id());
        }

        @Override
        public String toString() {
            return "seed " + seed + ": " + EquationPrinter.forward(cost).replace("\n", "; ");
        }
    }

    public static Arbitrary<Case> cases() {
        return Arbitraries.longs().map(RandomGraphs::build);
    }

    public static Case build(long seed) {
        Random random = new Random(seed);
        Graph g = new Graph();
        int n = 1 + random.nextInt(4);
        int k = 1 + random.nextInt(3);
        int m = 1 + random.nextInt(5);
        Shape full = Shape.of(n, "m");
        Map<String, DMatrixRMaj> values = new LinkedHashMap<>();
        List<Node> parameters = new ArrayList<>();
        List<Node> pool = new ArrayList<>();

        Node x = g.input("X", full);
        values.put("X", randomMatrix(random, n, m, 1.0));
        pool.add(x);
        Shape[] paramShapes = {full, Shape.of(n, 1), Shape.of(1, "m"), Shape.SCALAR, Shape.of(k, n)};
        int count = 2 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            Shape s = paramShapes[random.nextInt(paramShapes.length)];
            Node p = g.parameter("P" + i, s);
            values.put("P" + i, randomMatrix(random, rows(s, m), cols(s, m), 1.0));
            parameters.add(p);
            pool.add(p);
        }

        int steps = 2 + random.nextInt(6);
        for (int i = 0; i < steps; i++) {
            Node result = randomOp(g, random, pool, values, m, parameters);
            pool.add(result);
        }
        // the cost mixes the last results with random weights so no gradient is trivially zero
        Node cost = null;
        for (int i = Math.max(0, pool.size() - 3); i < pool.size(); i++) {
            Node r = pool.get(i);
            String name = "R" + i;
            Node weights = g.input(name, r.shape());
            values.put(name, randomMatrix(random, rows(r.shape(), m), cols(r.shape(), m), 1.0));
            Node term = g.sum(g.mul(r, weights));
            cost = cost == null ? term : g.add(cost, term);
        }
        Bindings bindings = new Bindings();
        values.forEach(bindings::set);
        List<Node> intermediates = pool.stream().filter(p -> !(p.op() instanceof Leaf)).toList();
        return new Case(seed, g, cost, parameters, intermediates, bindings);
    }

    private static Node randomOp(Graph g, Random random, List<Node> pool, Map<String, DMatrixRMaj> values, int m,
            List<Node> parameters) {
        Node a = pool.get(random.nextInt(pool.size()));
        switch (random.nextInt(28)) {
            case 0: return g.neg(a);
            case 1: return g.exp(g.tanh(a));
            case 2: return g.log(g.add(g.constant(1), g.square(a)));
            case 3: return g.sqrt(g.add(g.constant(0.5), g.square(a)));
            case 4: return g.square(a);
            case 5: return g.pow(g.add(g.constant(1.5), g.sigmoid(a)), 3);
            case 6: return g.tanh(a);
            case 7: return g.sigmoid(a);
            case 8: return g.relu(a);
            case 9: return g.leakyRelu(a, 0.1);
            case 10: return g.transpose(a);
            case 11: return g.sum(a, random.nextInt(3) - 1, true);
            case 12: return g.mean(a, random.nextInt(2), true);
            case 13: {
                Node w = g.parameter("M" + parameters.size(), new Shape(Dim.of(1 + random.nextInt(3)), a.shape().rows()));
                values.put("M" + parameters.size(), randomMatrix(random, rows(w.shape(), m), cols(w.shape(), m), 1.0));
                parameters.add(w);
                return g.matmul(w, a);
            }
            case 14: {
                Node y = g.input("T" + values.size(), a.shape());
                values.put("T" + values.size(), randomMatrix(random, rows(a.shape(), m), cols(a.shape(), m), 0.5, 0.5));
                return g.binaryCrossEntropy(g.sigmoid(a), y);
            }
            case 15: {
                Node y = g.input("T" + values.size(), a.shape());
                values.put("T" + values.size(), randomMatrix(random, rows(a.shape(), m), cols(a.shape(), m), 0.5, 0.5));
                Node p = g.add(g.constant(0.5), g.mul(g.constant(0.4), g.tanh(a)));
                return g.binaryCrossEntropy(p, y);
            }
            case 16: return g.abs(a);
            case 17: return g.softplus(a);
            case 18: return g.sin(a);
            case 19: return g.cos(a);
            case 20: return g.clip(a, -0.5, 0.75);
            case 21: return g.maximum(a, other(random, pool, a));
            case 22: return g.minimum(a, other(random, pool, a));
            case 23: {
                // the value and gradient of a, computed through stop(b): exercises stopGradient
                // where central differences agree (the stopped part cancels)
                Node stopped = g.stopGradient(partner(random, pool, a));
                return g.sub(g.add(a, stopped), stopped);
            }
            default: {
                Node b = partner(random, pool, a);
                return switch (random.nextInt(4)) {
                    case 0 -> g.add(a, b);
                    case 1 -> g.sub(a, b);
                    case 2 -> g.mul(a, b);
                    default -> g.div(a, g.add(g.constant(1), g.square(b)));
                };
            }
        }
    }

    /** A node other than a whose shape broadcasts with a's, if there is one (a tie everywhere is a kink). */
    private static Node other(Random random, List<Node> pool, Node a) {
        List<Node> fits = pool.stream().filter(p -> p != a && Shape.broadcast(a.shape(), p.shape()).isPresent()).toList();
        return fits.isEmpty() ? a : fits.get(random.nextInt(fits.size()));
    }

    /** A node whose shape broadcasts with a's (there is always a itself). */
    private static Node partner(Random random, List<Node> pool, Node a) {
        List<Node> fits = pool.stream().filter(p -> Shape.broadcast(a.shape(), p.shape()).isPresent()).toList();
        return fits.get(random.nextInt(fits.size()));
    }

    static int rows(Shape s, int m) {
        return s.rows() instanceof Dim.Fixed f ? f.size() : m;
    }

    static int cols(Shape s, int m) {
        return s.cols() instanceof Dim.Fixed f ? f.size() : m;
    }

    static DMatrixRMaj randomMatrix(Random random, int rows, int cols, double scale) {
        return randomMatrix(random, rows, cols, scale, 0);
    }

    static DMatrixRMaj randomMatrix(Random random, int rows, int cols, double scale, double offset) {
        DMatrixRMaj x = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = offset + scale * (2 * random.nextDouble() - 1);
        }
        return x;
    }
}
