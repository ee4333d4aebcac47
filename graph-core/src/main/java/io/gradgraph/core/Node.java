package io.gradgraph.core;

import java.util.List;
import java.util.Optional;

/**
 * A node of a {@link Graph}: an op applied to input nodes, with a statically known {@link Shape}.
 *
 * <p>Nodes are immutable and hash-consed by their graph: building the same expression twice yields
 * the same node, so common subexpressions are shared for free. Identity is equality.
 */
public final class Node {
    private final Graph graph;
    private final int id;
    private final Op op;
    private final List<Node> inputs;
    private final Shape shape;

    Node(Graph graph, int id, Op op, List<Node> inputs, Shape shape) {
        this.graph = graph;
        this.id = id;
        this.op = op;
        this.inputs = List.copyOf(inputs);
        this.shape = shape;
    }

    public Graph graph() {
        return graph;
    }

    /** Creation order within the graph; inputs always have smaller ids than their consumers. */
    public int id() {
        return id;
    }

    public Op op() {
        return op;
    }

    public List<Node> inputs() {
        return inputs;
    }

    public Node input(int index) {
        return inputs.get(index);
    }

    public Shape shape() {
        return shape;
    }

    /** The name given with {@link #named(String)}, or the input/parameter name. */
    public Optional<String> name() {
        return graph.nameOf(this);
    }

    /**
     * Names this node (e.g. {@code "Z1"}) for printing and for looking up results; returns this node.
     * Gradients of named nodes are printed as {@code d<name>}.
     */
    public Node named(String name) {
        graph.setName(this, name);
        return this;
    }

    /**
     * A display name suggested for an unnamed node, such as {@code dZ2} for the gradient autodiff
     * built for {@code Z2}. Printers and the code generator use it; unlike {@link #name()} it is
     * not unique and cannot be looked up.
     */
    public Optional<String> hint() {
        return graph.hintOf(this);
    }

    /** The name if there is one, otherwise the op and id (for error messages). */
    public String label() {
        return name().orElse(op.name() + "#" + id);
    }

    @Override
    public String toString() {
        return label() + " (" + shape + ")";
    }
}
