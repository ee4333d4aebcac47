package io.gradgraph.core;

/**
 * Thrown when a graph cannot be built or run: a shape mismatch (naming the op, the shapes and the
 * nodes), a missing or wrongly shaped binding, an unbound symbolic size, or a NaN caught by the
 * interpreter's optional check.
 */
public class GraphException extends RuntimeException {
    public GraphException(String message) {
        super(message);
    }
}
