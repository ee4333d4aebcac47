package io.gradgraph.core;

/** The course's one-hidden-layer network, built on graph-core: a fixture shared by tests. */
public final class ShallowNetwork {
    public final Graph g = new Graph();
    public final Node X;
    public final Node Y;
    public final Node W1;
    public final Node b1;
    public final Node W2;
    public final Node b2;
    public final Node Z1;
    public final Node A1;
    public final Node Z2;
    public final Node A2;
    public final Node J;
    public final Gradients grads;

    public ShallowNetwork(int nx, int nh) {
        X = g.input("X", Shape.of(nx, "m"));
        Y = g.input("Y", Shape.of(1, "m"));
        W1 = g.parameter("W1", nh, nx);
        b1 = g.parameter("b1", nh, 1);
        W2 = g.parameter("W2", 1, nh);
        b2 = g.parameter("b2", 1, 1);
        Z1 = g.add(g.matmul(W1, X), b1).named("Z1");
        A1 = g.tanh(Z1).named("A1");
        Z2 = g.add(g.matmul(W2, A1), b2).named("Z2");
        A2 = g.sigmoid(Z2).named("A2");
        J = g.mean(g.binaryCrossEntropy(A2, Y)).named("J");
        grads = g.gradients(J, W1, b1, W2, b2);
    }
}
