package io.gradgraph.core;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/** Ops that move or combine elements: matrix product, transpose, sums and broadcasting. */
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

        public Node vjp(Graph g, Node out, Node grad, int i) {
            return i == 0 ? g.matmul(grad, g.transpose(out.input(1))) : g.matmul(g.transpose(out.input(0)), grad);
        }

        public Printed print(PrintContext ctx) {
            Notation n = ctx.notation();
            return new Printed(ctx.arg(0).at(Printed.MATMUL, n) + ctx.pick("·", " \\cdot ")
                    + ctx.arg(1).at(Printed.MATMUL + 1, n), Printed.MATMUL);
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

        public Printed print(PrintContext ctx) {
            Printed x = ctx.arg(0);
            if (ctx.latex()) {
                return new Printed("{" + x.at(Printed.ATOM, ctx.notation()) + "}^{\\top}", Printed.POSTFIX);
            }
            return new Printed(x.at(Printed.ATOM, ctx.notation()) + "ᵀ", Printed.POSTFIX);
        }
    }

    /**
     * Sum over all elements ({@code axis = -1}), down the rows ({@code axis = 0}, giving 1×cols) or
     * along the columns ({@code axis = 1}, giving rows×1). Without {@code keepdims}, numpy would
     * return a 1-D array; 1-D arrays broadcast as rows, so here axis 1 gives 1×rows and the others
     * are unchanged.
     */
    record Sum(int axis, boolean keepdims) implements Structural {
        public Sum {
            if (axis < -1 || axis > 1) {
                throw new GraphException("sum: axis must be 0, 1 or -1 (all), got " + axis);
            }
        }

        public String name() { return "sum"; }

        public Shape shape(List<Node> in) {
            Shape s = in.get(0).shape();
            Dim one = Dim.of(1);
            return switch (axis) {
                case 0 -> new Shape(one, s.cols());
                case 1 -> keepdims ? new Shape(s.rows(), one) : new Shape(one, s.rows());
                default -> Shape.SCALAR;
            };
        }

        public void evaluate(List<DMatrixRMaj> in, DMatrixRMaj out) {
            DMatrixRMaj x = in.get(0);
            int rows = x.numRows;
            int cols = x.numCols;
            double[] src = x.data;
            double[] dst = out.data;
            if (axis == 0) {
                System.arraycopy(src, 0, dst, 0, cols);
                for (int i = 1; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        dst[j] += src[i * cols + j];
                    }
                }
            } else if (axis == 1) {
                for (int i = 0; i < rows; i++) {
                    dst[i] = Reductions.sum(src, i * cols, cols);
                }
            } else {
                dst[0] = Reductions.sum(src, 0, rows * cols);
            }
        }

        public Node vjp(Graph g, Node out, Node grad, int i) {
            Node x = out.input(0);
            Node g2 = axis == 1 && !keepdims ? g.transpose(grad) : grad;
            return g.broadcastTo(g2, x.shape());
        }

        public Printed print(PrintContext ctx) {
            String over = switch (axis) {
                case 0 -> ctx.pick("Σ_rows ", "\\sum_{\\text{rows}} ");
                case 1 -> ctx.pick("Σ_cols ", "\\sum_{\\text{cols}} ");
                default -> ctx.pick("Σ ", "\\sum ");
            };
            return new Printed(over + ctx.arg(0).at(Printed.POSTFIX, ctx.notation()), Printed.PREFIX);
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

        public Printed print(PrintContext ctx) {
            return ctx.arg(0);
        }
    }
}
