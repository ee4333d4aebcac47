package io.gradgraph.core;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * What kind of computation an op is, and how generated Java computes it: each op declares it in
 * {@link Op#lowering()}, beside its shape rule, evaluation, VJP and printing. The interpreter, the
 * printer and the code generator dispatch on these kinds, never on op classes.
 *
 * <ul>
 *   <li>{@link Bound}, {@link Matrix}: sources (a run's argument, a constant matrix);</li>
 *   <li>{@link Fill}, {@link InverseSize}: values written in place where they are read;</li>
 *   <li>{@link View}: an index change (transpose, broadcast), never copied;</li>
 *   <li>{@link Product}: a matrix product by a kernel that reads transposed operands in place;</li>
 *   <li>{@link Pointwise}: a Java expression per element, fused into loops;</li>
 *   <li>{@link Reduce}: a {@link Reduction} along an axis, accumulated in the loop producing its input;</li>
 *   <li>{@link Call}: no lowering; generated code calls the op's {@link Op#evaluate} at run time.</li>
 * </ul>
 *
 * <p>The kinds are fixed (the code generator must know each); ops are open, and an op of a new kind
 * of computation uses {@link Call}.
 */
public sealed interface Lowering {

    /** A value bound per run by name (an input or parameter): an argument of the generated method. */
    record Bound(String id) implements Lowering {
    }

    /** A constant matrix, row-major: a static array of the generated class. */
    record Matrix(double[] values) implements Lowering {
        public Matrix {
            values = values.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }
    }

    /** Every element equal to {@code value}: a literal wherever it is read. */
    record Fill(double value) implements Lowering {
    }

    /** The 1×1 value {@code 1/(d1·d2·…)} of the run's sizes (the {@code 1/m} of a mean). */
    record InverseSize(List<Dim> dims) implements Lowering {
        public InverseSize {
            dims = List.copyOf(dims);
        }
    }

    /**
     * The single input read at other indices and never copied: transposed when {@code transposes},
     * then broadcast to the output's shape (a dimension of size 1 repeats).
     */
    record View(boolean transposes) implements Lowering {
    }

    /**
     * {@code out = op(a)·op(b)}, with {@code op(x)} x or xᵀ: a transpose read by a product is a flag,
     * not a copy. {@code kernel} computes it in the interpreter and {@code java} writes the same call
     * for generated code, so both give the same bits.
     */
    record Product(Multiply kernel, ProductCall java) implements Lowering {
    }

    /** Computes {@code out = op(a)·op(b)} on matrices (the transposes are read in place). */
    @FunctionalInterface
    interface Multiply {
        void multiply(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB, DMatrixRMaj out);
    }

    /**
     * The Java statement (without the semicolon) computing {@code c = op(a)·op(b)} for an m×k by k×n
     * product of row-major arrays; sizes and arrays are Java expressions. Classes must be written fully
     * qualified.
     */
    @FunctionalInterface
    interface ProductCall {
        String java(String m, String n, String k, String a, boolean transA, String b, boolean transB, String c);
    }

    /**
     * An elementwise op: one element of the output from the same element of each input (broadcast
     * numpy-style), as the Java expression {@code expression} writes it. See {@link Elementwise#java}.
     */
    record Pointwise(JavaExpression expression) implements Lowering {
    }

    /** Writes an element's Java expression from the argument expressions (see {@link Elementwise#java}). */
    @FunctionalInterface
    interface JavaExpression {
        String java(Elementwise.MathCalls calls, String... args);
    }

    /**
     * A {@link Reduction} of the single input along {@code axis}: 0 down the rows, 1 along the columns,
     * -1 over everything. Generated code accumulates it in the loop producing the input, in the
     * interpreter's order.
     */
    record Reduce(Reduction reduction, int axis) implements Lowering {
    }

    /**
     * No lowering (a user's own op): code generated at run time ({@code CompiledGraph}) calls the op's
     * {@link Op#evaluate} on the op instance it is handed; build-time generation refuses, naming the op.
     */
    record Call() implements Lowering {
    }
}
