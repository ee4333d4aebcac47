package io.gradgraph.examples;

import io.gradgraph.codegen.GraphDefinition;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;
import java.util.List;

/**
 * The course's one-hidden-layer network (2 inputs, 4 tanh units, a sigmoid output) with its cost
 * and gradients. At build time, gradgraph-maven-plugin runs this definition and generates
 * {@code io.gradgraph.examples.ShallowNetworkStep}: one training step's forward and backward pass
 * as fused Java, compiled with the rest of this module.
 */
public final class ShallowNetworkDefinition implements GraphDefinition {

    @Override
    public String className() {
        return "ShallowNetworkStep";
    }

    @Override
    public List<Node> outputs() {
        Graph g = new Graph();
        Node X = g.input("X", Shape.of(2, "m"));
        Node Y = g.input("Y", Shape.of(1, "m"));
        Node W1 = g.parameter("W1", 4, 2);
        Node b1 = g.parameter("b1", 4, 1);
        Node W2 = g.parameter("W2", 1, 4);
        Node b2 = g.parameter("b2", 1, 1);
        Node A1 = g.tanh(g.add(g.matmul(W1, X), b1).named("Z1")).named("A1");
        Node A2 = g.sigmoid(g.add(g.matmul(W2, A1), b2).named("Z2")).named("A2");
        Node J = g.mean(g.binaryCrossEntropy(A2, Y)).named("J");
        Gradients grads = g.gradients(J, W1, b1, W2, b2);
        return List.of(J, grads.of(W1), grads.of(b1), grads.of(W2), grads.of(b2), A2);
    }
}
