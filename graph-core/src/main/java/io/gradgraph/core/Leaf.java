package io.gradgraph.core;

import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Ops without inputs: inputs (placeholders bound per run), parameters (trainable, bound per run),
 * constants, and the reciprocal of a product of sizes (the {@code 1/m} of a mean).
 */
public sealed interface Leaf extends Op {

    /** The leaf's shape (leaves know it without inputs). */
    Shape shape();

    @Override
    default Shape shape(List<Node> inputs) {
        return shape();
    }

    @Override
    default Node vjp(Graph g, Node out, Node grad, int index) {
        throw new IllegalStateException(name() + " has no inputs");
    }

    /** A value supplied per run by name: an {@link Input} or a {@link Parameter}. */
    sealed interface Bound extends Leaf {
        String id();

        @Override
        default void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            throw new IllegalStateException(id() + " is bound, not computed");
        }

        @Override
        default Printed print(PrintContext ctx) {
            return Printed.atom(Names.format(id(), ctx.notation()));
        }

        @Override
        default Lowering lowering() {
            return new Lowering.Bound(id());
        }
    }

    /** A placeholder for data, e.g. {@code X} (n×m) or {@code Y} (1×m). */
    record Input(String id, Shape shape) implements Bound {
        @Override
        public String name() {
            return "input";
        }
    }

    /** A trainable value, e.g. {@code W1} or {@code b1}. */
    record Parameter(String id, Shape shape) implements Bound {
        @Override
        public String name() {
            return "parameter";
        }
    }

    /** A constant filling a shape, e.g. the scalar 1, or zeros of shape 4×m. */
    record Fill(double value, Shape shape) implements Leaf {
        public Fill {
            if (Double.isNaN(value)) {
                throw new GraphException("a constant cannot be NaN");
            }
        }

        @Override
        public String name() {
            return "constant";
        }

        @Override
        public void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            Arrays.fill(out.data, 0, out.getNumElements(), value);
        }

        @Override
        public Lowering lowering() {
            return new Lowering.Fill(value);
        }

        @Override
        public Printed print(PrintContext ctx) {
            String text = Names.number(value);
            return value < 0 ? new Printed(ctx.pick("−", "-") + text.substring(1), Printed.PREFIX) : Printed.atom(text);
        }

        /** Equality on the bits, so that 0.0 and -0.0 stay distinct constants. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Fill f && Double.doubleToLongBits(f.value) == Double.doubleToLongBits(value)
                    && f.shape.equals(shape);
        }

        @Override
        public int hashCode() {
            return Double.hashCode(value) * 31 + shape.hashCode();
        }
    }

    /** A constant matrix of fixed shape. */
    record Constant(int rows, int cols, double[] values) implements Leaf {
        public Constant {
            values = values.clone();
            if (values.length != rows * cols) {
                throw new GraphException("constant: " + values.length + " values for shape " + rows + "×" + cols);
            }
        }

        @Override
        public Shape shape() {
            return Shape.of(rows, cols);
        }

        @Override
        public String name() {
            return "constant";
        }

        @Override
        public void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            System.arraycopy(values, 0, out.data, 0, values.length);
        }

        @Override
        public Lowering lowering() {
            return new Lowering.Matrix(values);
        }

        @Override
        public Printed print(PrintContext ctx) {
            return Printed.atom(ctx.pick("C", "C") + "_{" + rows + "×" + cols + "}");
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Constant c && c.rows == rows && c.cols == cols && Arrays.equals(c.values, values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values) * 31 + rows * 7 + cols;
        }
    }

    /** The 1×1 value {@code 1/(d1·d2·…)}, with sizes bound at run time: the {@code 1/m} of a mean. */
    record InverseSize(List<Dim> dims) implements Leaf {
        public InverseSize {
            dims = List.copyOf(dims);
        }

        @Override
        public Shape shape() {
            return Shape.SCALAR;
        }

        @Override
        public String name() {
            return "inverse-size";
        }

        /** The value under the given symbol bindings. */
        public double value(java.util.Map<String, Integer> sizes) {
            double product = 1;
            for (Dim d : dims) {
                product *= d.resolve(sizes);
            }
            return 1 / product;
        }

        @Override
        public void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            throw new IllegalStateException("inverse-size is evaluated from the bound sizes");
        }

        @Override
        public void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out, java.util.Map<String, Integer> sizes) {
            out.data[0] = value(sizes);
        }

        @Override
        public Lowering lowering() {
            return new Lowering.InverseSize(dims);
        }

        @Override
        public Printed print(PrintContext ctx) {
            String denominator = dims.isEmpty() ? "1"
                    : String.join(ctx.pick("·", " \\cdot "), dims.stream().map(Dim::toString).toList());
            if (ctx.latex()) {
                return Printed.atom("\\frac{1}{" + denominator + "}");
            }
            return new Printed("1/" + (dims.size() > 1 ? "(" + denominator + ")" : denominator), Printed.PRODUCT);
        }
    }
}
