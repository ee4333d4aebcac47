package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Local simplification at construction, hash-consing and pruning. */
class SimplifierTest {
    private final Graph g = new Graph();
    private final Node x = g.parameter("x", 3, 4);

    @Test
    void identitiesVanish() {
        assertSame(x, g.mul(x, g.constant(1)));
        assertSame(x, g.mul(g.constant(1), x));
        assertSame(x, g.add(x, g.constant(0)));
        assertSame(x, g.sub(x, g.zeros(Shape.of(3, 4))));
        assertSame(x, g.div(x, g.constant(1)));
        assertSame(x, g.neg(g.neg(x)));
        assertSame(x, g.transpose(g.transpose(x)));
        assertSame(x, g.pow(x, 1));
    }

    @Test
    void zerosPropagate() {
        Node zero = g.mul(x, g.constant(0));
        assertEquals(new Leaf.Fill(0, Shape.of(3, 4)), zero.op());
        Node w = g.parameter("w", 2, 3);
        assertEquals(new Leaf.Fill(0, Shape.of(2, 4)), g.matmul(w, zero).op());
        assertEquals(new Leaf.Fill(0, Shape.of(3, 4)), g.sub(x, x).op());
    }

    @Test
    void constantsFold() {
        Node c = g.add(g.mul(g.constant(2), g.constant(3)), g.exp(g.constant(0)));
        assertEquals(new Leaf.Fill(7, Shape.SCALAR), c.op());
        assertEquals(new Leaf.Fill(-7, Shape.SCALAR), g.neg(c).op());
    }

    @Test
    void identicalExpressionsAreOneNode() {
        Node a = g.tanh(g.add(x, g.constant(2)));
        Node b = g.tanh(g.add(x, g.constant(2)));
        assertSame(a, b);
        int before = g.nodes().size();
        g.tanh(g.add(x, g.constant(2)));
        assertEquals(before, g.nodes().size());
    }

    @Test
    void scalarFactorsFloatOutward() {
        Node s = g.inverseSize(Dim.symbol("m"));
        Node w = g.parameter("w", 2, 3);
        Node scaled = g.mul(s, x);
        Node product = g.matmul(w, scaled);
        assertTrue(product.op() instanceof Elementwise.Mul);
        assertSame(s, product.input(0));
        assertSame(g.matmul(w, x), product.input(1));
        assertSame(g.mul(s, g.sum(x, 1, true)), g.sum(scaled, 1, true));
        assertSame(g.mul(s, g.transpose(x)), g.transpose(scaled));
    }

    @Test
    void gradientsArePrunedToWhatWasAsked() {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        List<Node> backward = Graph.topologicalOrder(net.grads.nodes());
        // no gradient with respect to the data: nothing multiplies by W1ᵀ (that is dX = W1ᵀ·dZ1)
        assertFalse(backward.contains(net.g.transpose(net.W1)), "dX must not be computed");
        assertFalse(net.grads.intermediate(net.X).isPresent());
        // the stable form: no division and no log anywhere in the backward pass
        for (Node n : backward) {
            if (n.id() >= firstBackwardId(net)) {
                assertFalse(n.op() instanceof Elementwise.Div, "division in backward pass: " + n);
                assertFalse(n.op() instanceof Elementwise.Log, "log in backward pass: " + n);
            }
        }
    }

    @Test
    void gradientWithRespectToAnUnusedNodeIsZero() {
        Node unused = g.parameter("u", 2, 2);
        Gradients grads = g.gradients(g.sum(g.exp(x)), unused, x);
        assertEquals(new Leaf.Fill(0, Shape.of(2, 2)), grads.of(unused).op());
        assertSame(g.exp(x), grads.of(x), "d Σ exp(x) / dx is exp(x) itself");
    }

    private static int firstBackwardId(ShallowNetwork net) {
        return Graph.topologicalOrder(List.of(net.J, net.A2)).stream().mapToInt(Node::id).max().orElseThrow() + 1;
    }
}
