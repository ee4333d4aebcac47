package io.gradgraph.codegen;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Graph;
import io.gradgraph.core.GraphException;
import io.gradgraph.core.Node;
import io.gradgraph.core.Notation;
import io.gradgraph.core.Op;
import io.gradgraph.core.PrintContext;
import io.gradgraph.core.Printed;
import io.gradgraph.core.Reduction;
import io.gradgraph.core.Shape;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Ops without a lowering run in generated code through their {@code evaluate}; a new reduction is one entry. */
class LoweringTest {

    /** A user's op with no lowering: each row reversed. */
    record ReverseRows() implements Op {
        public String name() { return "reverse-rows"; }
        public Shape shape(List<Node> inputs) { return inputs.get(0).shape(); }
        public void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            DMatrixRMaj x = inputs.get(0);
            for (int i = 0; i < x.numRows; i++) {
                for (int j = 0; j < x.numCols; j++) {
                    out.data[i * x.numCols + j] = x.data[i * x.numCols + x.numCols - 1 - j];
                }
            }
        }
        public Node vjp(Graph g, Node out, Node grad, int index) { return g.apply(this, grad); }
        public Printed print(PrintContext ctx) { return Printed.atom("rev(" + ctx.arg(0).text() + ")"); }
    }

    /** A product reduction, added the way max and min are: one {@link Reduction}. */
    record Product() implements Reduction {
        public String name() { return "prod"; }
        public double identity() { return 1.0; }
        public double combine(double acc, double x) { return acc * x; }
        public String java(String acc, String x) { return acc + " * " + x; }
        public Node vjp(Graph g, Node out, Node grad) { throw new UnsupportedOperationException("not needed here"); }
        public String symbol(Notation notation) { return notation == Notation.LATEX ? "\\prod" : "Π"; }
    }

    private static Bindings bindings(int m) {
        Random random = new Random(7);
        return new Bindings().set("X", Fixtures.random(random, 3, m, 1.5)).set("W", Fixtures.random(random, 2, 3, 1.0));
    }

    @Test
    void anOpWithoutLoweringIsCalledByCompiledCodeWithTheInterpretersBits() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(3, "m"));
        Node w = g.parameter("W", 2, 3);
        Node r = g.apply(new ReverseRows(), g.tanh(g.matmul(w, x))).named("R");
        Node s = g.sum(g.apply(new ReverseRows(), g.transpose(x)), 1, false); // a view as an operand
        Node j = g.mean(g.square(g.add(r, s))).named("J");
        List<Node> outputs = List.of(j, g.gradients(j, w).of(w), r);
        CompiledGraphTest.assertBitIdentical(outputs, bindings(300));
        assertTrue(((CompiledGraph) CompiledGraph.compile(outputs)).source().contains("this.ops[0].evaluate("));
    }

    @Test
    void buildTimeGenerationRefusesAnOpWithoutLoweringNamingIt() {
        Graph g = new Graph();
        Node r = g.apply(new ReverseRows(), g.input("X", Shape.of(3, "m"))).named("R");
        GraphException e = assertThrows(GraphException.class, () -> CodeGenerator.source("p", "C", List.of(r)));
        assertTrue(e.getMessage().contains("'reverse-rows' at R"), e.getMessage());
    }

    @Test
    void aNewReductionIsOneEntryAndGeneratesTheInterpretersBits() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(3, "m"));
        Node w = g.parameter("W", 2, 3);
        Node z = g.sigmoid(g.matmul(w, x));
        List<Node> outputs = List.of(
                g.reduce(new Product(), z, 0, true).named("rows"),
                g.reduce(new Product(), z, 1, true).named("cols"),
                g.reduce(new Product(), z, 1, false).named("colsFlat"),
                g.reduce(new Product(), g.add(z, g.constant(0.5)), -1, true).named("all"));
        CompiledGraphTest.assertBitIdentical(outputs, bindings(37));
        CompiledGraphTest.assertBitIdentical(outputs, bindings(1));
    }
}
