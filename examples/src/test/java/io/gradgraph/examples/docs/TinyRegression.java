package io.gradgraph.examples.docs;

// BEGIN SNIPPET docs/testing.md
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;
import java.util.List;

/** A user's model: one tanh hidden layer, squared error, J = (1/m) Σ (W2·tanh(W1·X + b1) + b2 − Y)². */
final class TinyRegression {
    final Graph g = new Graph();
    final Node X = g.input("X", Shape.of(3, "m"));
    final Node Y = g.input("Y", Shape.of(1, "m"));
    final Node W1 = g.parameter("W1", 4, 3), b1 = g.parameter("b1", 4, 1);
    final Node W2 = g.parameter("W2", 1, 4), b2 = g.parameter("b2", 1, 1);
    final Node A1 = g.tanh(g.add(g.matmul(W1, X), b1)).named("A1");
    final Node J = g.mean(g.square(g.sub(g.add(g.matmul(W2, A1), b2), Y))).named("J");

    List<Node> parameters() {
        return List.of(W1, b1, W2, b2);
    }
}
// END SNIPPET
