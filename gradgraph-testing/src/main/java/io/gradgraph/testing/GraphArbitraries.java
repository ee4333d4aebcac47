package io.gradgraph.testing;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Dim;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Leaf;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.ejml.data.DMatrixRMaj;

/**
 * jqwik arbitraries for graph tests: shapes (with the symbolic batch size {@code m}), batch sizes,
 * values away from kinks ({@link Domain#matrices}), and values for every input and parameter of a
 * graph, drawn from their shapes.
 *
 * <pre>{@code
 * @Provide Arbitrary<Bindings> points() {
 *     return GraphArbitraries.bindings(List.of(J));   // every leaf J depends on; m from 1 to 5
 * }
 * }</pre>
 */
public final class GraphArbitraries {
    private GraphArbitraries() {
    }

    /** Shapes of 1 to 4 rows and columns, with columns (and sometimes rows) the symbol {@code m}. */
    public static Arbitrary<Shape> shapes() {
        return shapes("m", 4);
    }

    /** Shapes whose dimensions are fixed sizes from 1 to {@code maxSize} or the symbol {@code symbol}. */
    public static Arbitrary<Shape> shapes(String symbol, int maxSize) {
        Arbitrary<Dim> fixed = Arbitraries.integers().between(1, maxSize).map(Dim::of);
        Arbitrary<Dim> cols = Arbitraries.frequencyOf(
                Tuple.of(2, fixed), Tuple.of(1, Arbitraries.just(Dim.symbol(symbol))));
        Arbitrary<Dim> rows = Arbitraries.frequencyOf(
                Tuple.of(5, fixed), Tuple.of(1, Arbitraries.just(Dim.symbol(symbol))));
        return Combinators.combine(rows, cols).as(Shape::new);
    }

    /** Shapes that broadcast with {@code shape} numpy-style: itself, a row, a column or a scalar of it. */
    public static Arbitrary<Shape> broadcastPartners(Shape shape) {
        return Arbitraries.of(shape, new Shape(Dim.of(1), shape.cols()), new Shape(shape.rows(), Dim.of(1)),
                Shape.SCALAR);
    }

    /** Batch sizes (the value of {@code m}) from 1 to 5. */
    public static Arbitrary<Integer> batchSizes() {
        return Arbitraries.integers().between(1, 5);
    }

    /** Values for every input and parameter the roots depend on, drawn from {@link Domain#REAL}. */
    public static Arbitrary<Bindings> bindings(List<Node> roots) {
        return bindings(roots, leaf -> Domain.REAL);
    }

    /**
     * Values for every input and parameter the roots depend on, each drawn from the domain
     * {@code domains} gives it (e.g. {@link Domain#LABEL} for labels), with every symbolic size
     * from 1 to 5.
     */
    public static Arbitrary<Bindings> bindings(List<Node> roots, Function<Node, Domain> domains) {
        List<Node> leaves = Graph.topologicalOrder(roots).stream().filter(n -> n.op() instanceof Leaf.Bound).toList();
        return Arbitraries.longs().map(seed -> randomBindings(new Random(seed), leaves, domains));
    }

    /** Values for the given leaves from {@code random}, every symbolic size from 1 to 5. */
    public static Bindings randomBindings(Random random, List<Node> leaves, Function<Node, Domain> domains) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        Bindings bindings = new Bindings();
        for (Node leaf : leaves) {
            Shape s = leaf.shape();
            int rows = size(s.rows(), sizes, random);
            int cols = size(s.cols(), sizes, random);
            DMatrixRMaj value = domains.apply(leaf).sample(random, rows, cols);
            bindings.set(leaf, value);
        }
        sizes.forEach(bindings::size);
        return bindings;
    }

    private static int size(Dim d, Map<String, Integer> sizes, Random random) {
        if (d instanceof Dim.Fixed f) {
            return f.size();
        }
        return sizes.computeIfAbsent(((Dim.Symbol) d).name(), s -> 1 + random.nextInt(5));
    }

    /** numpy broadcasting: each dimension equal, or one of them the fixed size 1. */
    static boolean broadcastable(Shape a, Shape b) {
        return fits(a.rows(), b.rows()) && fits(a.cols(), b.cols());
    }

    private static boolean fits(Dim a, Dim b) {
        return a.equals(b) || a.isOne() || b.isOne();
    }
}
