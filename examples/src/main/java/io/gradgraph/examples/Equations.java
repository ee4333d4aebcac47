package io.gradgraph.examples;

import io.gradgraph.core.EquationPrinter;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;

/** Builds the course's shallow network and prints its forward pass and the backward pass autodiff derived. */
final class Equations {
    private Equations() {
    }

    /** The course's one-hidden-layer network: tanh hidden layer, sigmoid output, cross-entropy cost. */
    static Gradients shallowNetwork(int inputs, int hidden) {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(inputs, "m"));
        Node y = g.input("Y", Shape.of(1, "m"));
        Node w1 = g.parameter("W1", hidden, inputs);
        Node b1 = g.parameter("b1", hidden, 1);
        Node w2 = g.parameter("W2", 1, hidden);
        Node b2 = g.parameter("b2", 1, 1);
        Node z1 = g.add(g.matmul(w1, x), b1).named("Z1");
        Node a1 = g.tanh(z1).named("A1");
        Node z2 = g.add(g.matmul(w2, a1), b2).named("Z2");
        Node a2 = g.sigmoid(z2).named("A2");
        Node cost = g.mean(g.binaryCrossEntropy(a2, y)).named("J");
        return g.gradients(cost, w1, b1, w2, b2);
    }

    static String describe(Gradients grads, boolean latex) {
        StringBuilder out = new StringBuilder();
        out.append("Forward pass (what you wrote):\n");
        out.append(indent(latex ? EquationPrinter.forwardLatex(grads.cost()) : EquationPrinter.forward(grads.cost())));
        out.append("\nBackward pass (derived by autodiff, simplified):\n");
        out.append(indent(latex ? EquationPrinter.backwardLatex(grads) : EquationPrinter.backward(grads)));
        return out.toString();
    }

    private static String indent(String lines) {
        return "  " + lines.replace("\n", "\n  ") + "\n";
    }
}
