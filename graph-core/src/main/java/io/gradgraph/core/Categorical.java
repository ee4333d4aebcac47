package io.gradgraph.core;

import io.gradgraph.kernel.PortableMath;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Ops over the classes of each example: in the course's layout a column is one example and its rows
 * are the classes (axis 0). All three shift each column by its maximum before {@link PortableMath#exp},
 * so logits of any size stay finite; a column whose maximum is infinite is not shifted (as JAX).
 *
 * <p>Each column is computed top to bottom: {@code max}, then {@code Σ exp(z − max)} added in row
 * order. The interpreter and generated code call the same {@code evaluate}, so they agree bit for bit.
 */
public sealed interface Categorical extends Op {

    /**
     * The shift of each column into {@code shift[0, cols)}: its maximum, or 0 when that is infinite;
     * NaN when the column has a NaN.
     */
    private static void columnShift(DMatrixRMaj z, double[] shift) {
        int rows = z.numRows;
        int cols = z.numCols;
        System.arraycopy(z.data, 0, shift, 0, cols);
        for (int i = 1; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                shift[j] = Math.max(shift[j], z.data[i * cols + j]);
            }
        }
        for (int j = 0; j < cols; j++) {
            if (Double.isInfinite(shift[j])) {
                shift[j] = 0;
            }
        }
    }

    /** {@code e = exp(z − shift)} into {@code e} (z's shape) and its column sums into {@code sums}. */
    private static void shiftedExp(DMatrixRMaj z, double[] shift, double[] e, double[] sums) {
        int rows = z.numRows;
        int cols = z.numCols;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                e[i * cols + j] = z.data[i * cols + j] - shift[j];
            }
        }
        PortableMath.exp(e, 0, rows * cols);
        System.arraycopy(e, 0, sums, 0, cols);
        for (int i = 1; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                sums[j] += e[i * cols + j];
            }
        }
    }

    /** {@code log Σ_rows exp(z)} per column, into {@code lse[0, cols)}. */
    private static void logSumExp(DMatrixRMaj z, double[] lse) {
        int cols = z.numCols;
        double[] shift = new double[cols];
        columnShift(z, shift);
        shiftedExp(z, shift, new double[z.getNumElements()], lse);
        for (int j = 0; j < cols; j++) {
            lse[j] = shift[j] + Math.log(lse[j]);
        }
    }

    private static Printed function(PrintContext ctx, String text, String latex) {
        return Elementwise.Unary.function(ctx, text, latex);
    }

    /**
     * {@code exp(z) / Σ_rows exp(z)} per column (each column of the result is a probability
     * distribution over the classes). Gradient: {@code S ∗ (G − Σ_rows(G ∗ S))} with S the output;
     * no division, no log.
     */
    record Softmax() implements Categorical {
        public String name() { return "softmax"; }

        public Shape shape(List<Node> inputs) {
            return inputs.get(0).shape();
        }

        public void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            DMatrixRMaj z = inputs.get(0);
            int rows = z.numRows;
            int cols = z.numCols;
            double[] shift = new double[cols];
            double[] sums = new double[cols];
            columnShift(z, shift);
            shiftedExp(z, shift, out.data, sums);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out.data[i * cols + j] /= sums[j];
                }
            }
        }

        public Node vjp(Graph g, Node out, Node grad, int index) {
            return g.mul(out, g.sub(grad, g.sum(g.mul(grad, out), 0, true)));
        }

        public Printed print(PrintContext ctx) { return function(ctx, "softmax", "\\operatorname{softmax}"); }
    }

    /** {@code log Σ_rows exp(z)} per column: 1×cols. Gradient: {@code G ∗ softmax(z)}. */
    record LogSumExp() implements Categorical {
        public String name() { return "log-sum-exp"; }

        public Shape shape(List<Node> inputs) {
            return new Shape(Dim.of(1), inputs.get(0).shape().cols());
        }

        public void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            logSumExp(inputs.get(0), out.data);
        }

        public Node vjp(Graph g, Node out, Node grad, int index) {
            return g.mul(grad, g.softmax(out.input(0)));
        }

        public Printed print(PrintContext ctx) { return function(ctx, "logsumexp", "\\operatorname{logsumexp}"); }
    }

    /**
     * The categorical cross-entropy of {@code softmax(z)} against labels {@code y} per example, 1×cols:
     * {@code logsumexp(z) − Σ_rows y ∗ z}, computed from the logits (never {@code log 0}). For labels
     * whose columns sum to 1 (one-hot, or any distribution over the classes) this is
     * {@code −Σ_rows y ∗ log softmax(z)}. Its gradient with respect to z is {@code G ∗ (softmax(z) − y)},
     * where {@code softmax(z)} is the forward node {@code A} when the graph has one (hash-consing): the
     * course's {@code dZ = A − Y}, with no division by A, no log and no exponential in the backward
     * pass. With respect to y it is {@code −G ∗ z}.
     */
    record SoftmaxCrossEntropy() implements Categorical {
        public String name() { return "softmax-cross-entropy"; }

        public Shape shape(List<Node> inputs) {
            Node z = inputs.get(0);
            Node y = inputs.get(1);
            if (!z.shape().equals(y.shape())) {
                throw new GraphException("softmax-cross-entropy of " + z.label() + " (" + z.shape() + ") against "
                        + y.label() + " (" + y.shape() + "): the logits and the labels must have the same shape "
                        + "(classes × examples)");
            }
            return new Shape(Dim.of(1), z.shape().cols());
        }

        public void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            DMatrixRMaj z = inputs.get(0);
            DMatrixRMaj y = inputs.get(1);
            int rows = z.numRows;
            int cols = z.numCols;
            double[] lse = new double[cols];
            logSumExp(z, lse);
            for (int j = 0; j < cols; j++) {
                out.data[j] = y.data[j] * z.data[j];
            }
            for (int i = 1; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out.data[j] += y.data[i * cols + j] * z.data[i * cols + j];
                }
            }
            for (int j = 0; j < cols; j++) {
                out.data[j] = lse[j] - out.data[j];
            }
        }

        public Node vjp(Graph g, Node out, Node grad, int index) {
            Node z = out.input(0);
            if (index == 0) {
                return g.mul(grad, g.sub(g.softmax(z), out.input(1)));
            }
            return g.neg(g.mul(grad, z));
        }

        /** {@code −Σ_rows Y ∗ log A}, naming A when the graph has {@code A = softmax(Z)}. */
        public Printed print(PrintContext ctx) {
            Node z = ctx.node().input(0);
            Node a = ctx.node().graph().find(new Softmax(), z).orElse(null);
            Printed probabilities = a != null ? ctx.print(a) : function(ctx, "softmax", "\\operatorname{softmax}");
            Notation n = ctx.notation();
            String y = ctx.arg(1).at(Printed.PRODUCT, n);
            String text = ctx.latex()
                    ? "-\\sum_{\\text{rows}} " + y + " \\ast \\log " + probabilities.at(Printed.ATOM, n)
                    : "−Σ_rows " + y + " ∗ log " + probabilities.at(Printed.ATOM, n);
            return new Printed(text, Printed.PREFIX);
        }
    }
}
