package io.gradgraph.codegen;

import io.gradgraph.core.Node;
import java.util.List;

/**
 * A graph to generate code for at build time. The {@code gradgraph-maven-plugin} compiles the
 * definitions found under {@code src/main/graphs}, runs each one and writes the generated class to
 * {@code target/generated-sources/gradgraph}, where it is compiled with the rest of the project.
 *
 * <pre>{@code
 * public final class ShallowNetworkDefinition implements GraphDefinition {
 *     public String className() {
 *         return "ShallowNetworkStep";
 *     }
 *
 *     public List<Node> outputs() {
 *         Graph g = new Graph();
 *         Node X = g.input("X", Shape.of(2, "m"));
 *         ...
 *         Gradients grads = g.gradients(J, W1, b1, W2, b2);
 *         return List.of(J, grads.of(W1), grads.of(b1), grads.of(W2), grads.of(b2));
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations need a public no-argument constructor. They may use the project's
 * dependencies, but not its own sources (those are compiled after code generation).
 */
public interface GraphDefinition {

    /** The simple name of the generated class. */
    String className();

    /** The package of the generated class; by default the definition's own package. */
    default String packageName() {
        return getClass().getPackageName();
    }

    /** Builds the graph and returns the nodes to compute, in the order of the generated output arrays. */
    List<Node> outputs();
}
