package io.gradgraph.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * Values for a graph's inputs and parameters, by name, and optionally explicit symbolic sizes.
 * Symbolic sizes such as {@code m} are otherwise taken from the bound values' shapes.
 *
 * <p>The matrices are used in place, not copied: a training loop updates its parameter matrices
 * and runs again with the same bindings.
 *
 * <pre>{@code
 * Bindings b = new Bindings().set("X", x).set("Y", y).set("W1", w1);
 * }</pre>
 */
public final class Bindings {
    private final Map<String, DMatrixRMaj> values = new LinkedHashMap<>();
    private final Map<String, Integer> sizes = new LinkedHashMap<>();

    /** Binds the value of the input or parameter with this name. */
    public Bindings set(String name, DMatrixRMaj value) {
        if (value == null) {
            throw new GraphException("the value bound to '" + name + "' is null");
        }
        values.put(name, value);
        return this;
    }

    /** Binds the value of an input or parameter node. */
    public Bindings set(Node node, DMatrixRMaj value) {
        if (!(node.op() instanceof Leaf.Bound bound)) {
            throw new GraphException("only inputs and parameters can be bound, not " + node);
        }
        return set(bound.id(), value);
    }

    /** Binds a symbolic size explicitly, e.g. {@code size("m", 400)}. */
    public Bindings size(String symbol, int size) {
        if (size < 1) {
            throw new GraphException("size " + symbol + " must be at least 1, got " + size);
        }
        sizes.put(symbol, size);
        return this;
    }

    public DMatrixRMaj get(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Map<String, DMatrixRMaj> values() {
        return Collections.unmodifiableMap(values);
    }

    public Map<String, Integer> sizes() {
        return Collections.unmodifiableMap(sizes);
    }

    /**
     * Resolves every symbolic size used by these leaves from the explicit sizes and the bound
     * values' shapes, and checks each bound value against its leaf's shape.
     */
    public Map<String, Integer> resolve(Iterable<Node> leaves) {
        Map<String, Integer> resolved = new LinkedHashMap<>(sizes);
        Map<String, String> source = new LinkedHashMap<>(); // symbol → id of the value it came from; null: a size
        for (Node leaf : leaves) {
            Leaf.Bound op = (Leaf.Bound) leaf.op();
            DMatrixRMaj value = values.get(op.id());
            if (value == null) {
                throw new GraphException("missing value for " + op.name() + " '" + op.id() + "' (" + op.shape()
                        + "); bound: " + values.keySet());
            }
            check(op, "rows", op.shape().rows(), value.numRows, value, resolved, source);
            check(op, "cols", op.shape().cols(), value.numCols, value, resolved, source);
        }
        return resolved;
    }

    /**
     * As {@link #resolve(Iterable)}; when a symbol in {@code needed} is still unbound, it is also
     * taken from any other bound input or parameter of {@code graph}: constants such as
     * {@code zeros(4×m)} may need {@code m} from a value the computation itself does not read.
     */
    public Map<String, Integer> resolve(Graph graph, List<Node> leaves, java.util.Collection<String> needed) {
        Map<String, Integer> resolved = resolve(leaves);
        if (resolved.keySet().containsAll(needed)) {
            return resolved;
        }
        List<Node> all = new java.util.ArrayList<>(leaves);
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Leaf.Bound b && has(b.id()) && !leaves.contains(n)) {
                all.add(n);
            }
        }
        return resolve(all);
    }

    /** Messages are built only on failure: a training loop resolves its bindings on every step. */
    private static void check(Leaf.Bound op, String which, Dim dim, int actual, DMatrixRMaj value,
            Map<String, Integer> resolved, Map<String, String> source) {
        if (dim instanceof Dim.Fixed f) {
            if (f.size() != actual) {
                throw new GraphException(op.name() + " '" + op.id() + "': expected " + op.shape() + ", got "
                        + value.numRows + "×" + value.numCols + " (" + which + " " + actual + " ≠ " + f.size() + ")");
            }
            return;
        }
        String symbol = ((Dim.Symbol) dim).name();
        if (actual < 1) {
            throw new GraphException(op.name() + " '" + op.id() + "' is " + value.numRows + "×" + value.numCols
                    + ": size " + symbol + " must be at least 1, got " + actual);
        }
        Integer known = resolved.get(symbol);
        if (known == null) {
            resolved.put(symbol, actual);
            source.put(symbol, op.id());
        } else if (known != actual) {
            String from = source.containsKey(symbol) ? "'" + source.get(symbol) + "'" : "Bindings.size";
            throw new GraphException(op.name() + " '" + op.id() + "': expected " + op.shape() + ", got "
                    + value.numRows + "×" + value.numCols + " (" + symbol + " is " + known + " from " + from + " but "
                    + actual + " here)");
        }
    }
}
