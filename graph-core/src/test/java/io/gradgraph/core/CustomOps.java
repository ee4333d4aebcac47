package io.gradgraph.core;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/** Ops as a user writes them (records implementing {@link Op}), for the custom-op tests here and in graph-codegen. */
public final class CustomOps {
    private CustomOps() {
    }

    /** log(1 + eˣ), stable, with its own gradient σ(x) and a lowering. */
    public record LogOnePlusExp() implements Op {
        public String name() { return "log1p-exp"; }
        public Shape shape(List<Node> inputs) { return inputs.get(0).shape(); }
        public void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            double[] x = inputs.get(0).data;
            for (int i = 0; i < out.getNumElements(); i++) {
                out.data[i] = Math.max(x[i], 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x[i])));
            }
        }
        public Node vjp(Graph g, Node out, Node grad, int index) {
            return g.mul(grad, g.sigmoid(out.input(0)));
        }
        public Printed print(PrintContext ctx) {
            String x = ctx.arg(0).text();
            return Printed.atom(ctx.pick("log(1 + exp(" + x + "))", "\\log\\left(1 + e^{" + x + "}\\right)"));
        }
        public Lowering lowering() {
            return new Lowering.Pointwise((calls, x) -> "java.lang.Math.max(" + x[0] + ", 0.0) + java.lang.StrictMath.log1p("
                    + "java.lang.StrictMath.exp(-java.lang.Math.abs(" + x[0] + ")))");
        }
    }

    /** Rounds to an integer, with the straight-through gradient G (rounding's true derivative is 0). */
    public record StraightThroughRound() implements Op {
        public String name() { return "round"; }
        public Shape shape(List<Node> inputs) { return inputs.get(0).shape(); }
        public void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            for (int i = 0; i < out.getNumElements(); i++) {
                out.data[i] = Math.rint(inputs.get(0).data[i]);
            }
        }
        public Node vjp(Graph g, Node out, Node grad, int index) { return grad; }
        public Printed print(PrintContext ctx) { return Printed.atom("⌊" + ctx.arg(0).text() + "⌉"); }
    }
}
