package io.gradgraph.core;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/** Ops that move or combine elements: matrix product, transpose, reductions and broadcasting. */
public sealed interface Structural extends Op {

    /** Matrix product {@code A·B}; the code generator fuses transposed operands as index changes. */
    record MatMul() implements Structural {
        public String name() { return "matmul"; }

        public Shape shape(List<Node> in) {
            Node a = in.get(0);
            Node b = in.get(1);
            if (!a.shape().cols().equals(b.shape().rows())) {
                throw new GraphException("matmul " + a.label() + " (" + a.shape() + ") · " + b.label() + " ("
                        + b.shape() + "): inner dims " + a.shape().cols() + " ≠ " + b.shape().rows());
            }
            return new Shape(a.shape().rows(), b.shape().cols());
        }

        public void evaluate(List<DMatrixRMaj> in, DMatrixRMaj out) {
            evaluate(in.get(0), false, in.get(1), false, out);
        }

        /**
         * {@code out = op(a)·op(b)}, where {@code op(x)} is x, or xᵀ when its flag is set (read in place,
         * as generated code does; the kernel gives the same bits either way).
         */
        public void evaluate(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB, DMatrixRMaj out) {
            int m = transA ? a.numCols : a.numRows;
            int k = transA ? a.numRows : a.numCols;
            int n = transB ? b.numRows : b.numCols;
            io.gradgraph.kernel.MatMul.multiply(m, n, k, a.data, 0, transA, b.data, 0, transB, out.data, 0, false);
        }

        public Lowering lowering() {
            return new Lowering.Product(this::evaluate, (m, n, k, a, transA, b, transB, c) ->
                    "io.gradgraph.kernel.MatMul.multiply(" + m + ", " + n + ", " + k + ", " + a + ", 0, " + transA
                            + ", " + b + ", 0, " + transB + ", " + c + ", 0, false)");
        }

        public Node vjp(Graph g, Node out, Node grad, int i) {
            return i == 0 ? g.matmul(grad, g.transpose(out.input(1))) : g.matmul(g.transpose(out.input(0)), grad);
        }

        public Printed print(PrintContext ctx) {
            Notation n = ctx.notation();
            return new Printed(operand(ctx, 0).at(Printed.MATMUL, n) + ctx.pick("·", " \\cdot ")
                    + operand(ctx, 1).at(Printed.MATMUL + 1, n), Printed.MATMUL);
        }

        /** An operand; a constant matrix of ones is written {@code ones(2×m)}, not as a bare {@code 1}. */
        private static Printed operand(PrintContext ctx, int index) {
            Node x = ctx.node().input(index);
            if (x.op().lowering() instanceof Lowering.Fill f && !x.shape().isScalar()) {
                String rows = x.shape().rows().toString();
                String cols = x.shape().cols().toString();
                String ones = ctx.pick("ones(" + rows + "×" + cols + ")", "\\mathbf{1}_{" + rows + " \\times " + cols + "}");
                return f.value() == 1 ? Printed.atom(ones)
                        : new Printed(ctx.arg(index).at(Printed.ATOM, ctx.notation()) + " " + ones, Printed.PRODUCT);
            }
            if (x.op() instanceof Broadcast && x.input(0).shape().isScalar()) { // s repeated: s ones(2×m)
                String ones = ctx.pick("ones(" + x.shape().rows() + "×" + x.shape().cols() + ")",
                        "\\mathbf{1}_{" + x.shape().rows() + " \\times " + x.shape().cols() + "}");
                return new Printed(ctx.arg(index).at(Printed.POSTFIX, ctx.notation()) + " " + ones, Printed.PRODUCT);
            }
            return ctx.arg(index);
        }
    }

    record Transpose() implements Structural {
        public String name() { return "transpose"; }

        public Shape shape(List<Node> in) {
            return in.get(0).shape().transpose();
        }

        public void evaluate(List<DMatrixRMaj> in, DMatrixRMaj out) {
            DMatrixRMaj x = in.get(0);
            int rows = x.numRows;
            int cols = x.numCols;
            double[] src = x.data;
            double[] dst = out.data;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    dst[j * rows + i] = src[i * cols + j];
                }
            }
        }

        public Node vjp(Graph g, Node out, Node grad, int i) {
            return g.transpose(grad);
        }

        public Lowering lowering() {
            return new Lowering.View(true);
        }

        public Printed print(PrintContext ctx) {
            Printed x = ctx.arg(0);
            if (ctx.latex()) {
                return new Printed("{" + x.at(Printed.ATOM, ctx.notation()) + "}^{\\top}", Printed.POSTFIX);
            }
            return new Printed(x.at(Printed.ATOM, ctx.notation()) + "ᵀ", Printed.POSTFIX);
        }
    }

    /**
     * A {@link Reduction} (sum, …) over all elements ({@code axis = -1}), down the rows
     * ({@code axis = 0}, giving 1×cols) or along the columns ({@code axis = 1}, giving rows×1).
     * Without {@code keepdims}, numpy would return a 1-D array; 1-D arrays broadcast as rows, so here
     * axis 1 gives 1×rows and the others are unchanged.
     */
    record Reduce(Reduction reduction, int axis, boolean keepdims) implements Structural {
        public Reduce {
            if (axis < -1 || axis > 1) {
                throw new GraphException(reduction.name() + ": axis must be 0, 1 or -1 (all), got " + axis);
            }
        }

        public String name() { return reduction.name(); }

        public Shape shape(List<Node> in) {
            Shape s = in.get(0).shape();
            Dim one = Dim.of(1);
            return switch (axis) {
                case 0 -> new Shape(one, s.cols());
                case 1 -> keepdims ? new Shape(s.rows(), one) : new Shape(one, s.rows());
                default -> Shape.SCALAR;
            };
        }

        /** In {@link Reduction}'s order: down each column from its first row, else left to right. */
        public void evaluate(List<DMatrixRMaj> in, DMatrixRMaj out) {
            DMatrixRMaj x = in.get(0);
            int rows = x.numRows;
            int cols = x.numCols;
            double[] src = x.data;
            double[] dst = out.data;
            if (axis == 0) {
                System.arraycopy(src, 0, dst, 0, cols);
                for (int i = 1; i < rows; i++) {
                    reduction.combineInto(dst, 0, src, i * cols, cols);
                }
            } else if (axis == 1) {
                for (int i = 0; i < rows; i++) {
                    dst[i] = reduction.reduce(src, i * cols, cols);
                }
            } else {
                dst[0] = reduction.reduce(src, 0, rows * cols);
            }
        }

        public Node vjp(Graph g, Node out, Node grad, int i) {
            return reduction.vjp(g, out, grad);
        }

        /**
         * A value of the shape of {@code out} (a reduction node) repeated along the reduced axis, to
         * the shape of out's input: how a reduction's gradient (or result) reaches every element.
         */
        public static Node expand(Graph g, Node out, Node value) {
            Reduce op = (Reduce) out.op();
            Node column = op.axis == 1 && !op.keepdims ? g.transpose(value) : value;
            return g.broadcastTo(column, out.input(0).shape());
        }

        public Printed print(PrintContext ctx) {
            String symbol = reduction.symbol(ctx.notation());
            String over = switch (axis) {
                case 0 -> ctx.pick(symbol + "_rows ", symbol + "_{\\text{rows}} ");
                case 1 -> ctx.pick(symbol + "_cols ", symbol + "_{\\text{cols}} ");
                default -> symbol + " ";
            };
            return new Printed(over + ctx.arg(0).at(Printed.POSTFIX, ctx.notation()), Printed.PREFIX);
        }

        public Lowering lowering() {
            return new Lowering.Reduce(reduction, axis);
        }
    }

    /** Explicit numpy broadcast of a (1,1), (n,1) or (1,m) value to a larger shape. */
    record Broadcast(Shape shape) implements Structural {
        public String name() { return "broadcast"; }

        public Shape shape(List<Node> in) {
            Node x = in.get(0);
            Shape target = Shape.broadcast(x.shape(), shape).orElse(null);
            if (!shape.equals(target)) {
                throw new GraphException("broadcast " + x.label() + " (" + x.shape() + ") to " + shape
                        + ": each dimension must match or be 1");
            }
            return shape;
        }

        public void evaluate(List<DMatrixRMaj> in, DMatrixRMaj out) {
            DMatrixRMaj x = in.get(0);
            int rows = out.numRows;
            int cols = out.numCols;
            int rowStep = x.numRows == 1 ? 0 : x.numCols;
            int colStep = x.numCols == 1 ? 0 : 1;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out.data[i * cols + j] = x.data[i * rowStep + j * colStep];
                }
            }
        }

        public Node vjp(Graph g, Node out, Node grad, int i) {
            return grad; // autodiff sums it back over the broadcast axes
        }

        public Lowering lowering() {
            return new Lowering.View(false);
        }

        public Printed print(PrintContext ctx) {
            return ctx.arg(0);
        }
    }
}
