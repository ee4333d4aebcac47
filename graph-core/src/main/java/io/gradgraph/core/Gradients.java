package io.gradgraph.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The result of {@link Graph#gradients}: for each requested node, the node computing the gradient
 * of the cost with respect to it. The gradient nodes belong to the same graph and can be printed,
 * evaluated, compiled and differentiated again.
 */
public final class Gradients {
    private final Node cost;
    private final Map<Node, Node> requested;
    private final Map<Node, Node> all;
    private final Set<Node> independent;
    private final int firstNew;

    Gradients(Node cost, Map<Node, Node> requested, Map<Node, Node> all, Set<Node> independent, int firstNew) {
        this.cost = cost;
        this.independent = Set.copyOf(independent);
        this.firstNew = firstNew;
        this.requested = Collections.unmodifiableMap(new LinkedHashMap<>(requested));
        this.all = Collections.unmodifiableMap(new LinkedHashMap<>(all));
    }

    public Node cost() {
        return cost;
    }

    /** The gradient with respect to a requested node. */
    public Node of(Node wrt) {
        Node grad = requested.get(wrt);
        if (grad == null) {
            throw new GraphException("no gradient was requested with respect to " + wrt.label()
                    + "; requested: " + requested.keySet().stream().map(Node::label).toList());
        }
        return grad;
    }

    /** The gradient with respect to the requested node with this name (e.g. {@code "W1"}). */
    public Node of(String name) {
        for (Map.Entry<Node, Node> e : requested.entrySet()) {
            if (e.getKey().name().filter(name::equals).isPresent()) {
                return e.getValue();
            }
        }
        throw new GraphException("no gradient was requested with respect to '" + name + "'; requested: "
                + requested.keySet().stream().map(Node::label).toList());
    }

    /** Requested node → gradient node, in the order requested. */
    public Map<Node, Node> requested() {
        return requested;
    }

    /** The gradient nodes in the order requested. */
    public List<Node> nodes() {
        return new ArrayList<>(requested.values());
    }

    /** The gradient with respect to any node on a path from the requested nodes to the cost. */
    public Optional<Node> intermediate(Node forward) {
        return Optional.ofNullable(all.get(forward));
    }

    /**
     * True when the cost (the output) does not depend on {@code wrt} at all: its gradient is zeros,
     * as in JAX, and the printer says why.
     */
    public boolean isIndependent(Node wrt) {
        of(wrt);
        return independent.contains(wrt);
    }

    /** True for nodes that existed before these gradients were built (the forward graph). */
    boolean existedBefore(Node n) {
        return n.id() < firstNew;
    }

    /** Every forward node on a path to the cost → its gradient node. */
    public Map<Node, Node> all() {
        return all;
    }
}
