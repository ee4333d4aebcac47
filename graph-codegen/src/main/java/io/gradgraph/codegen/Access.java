package io.gradgraph.codegen;

import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;

/**
 * How a reader sees an array-backed node: element (i, j) of a view of shape {@code shape} is
 * {@code base[i·rowStride + j·colStride]}. Transposes swap the strides and broadcasts keep them (a
 * dimension of size 1 always has stride zero), so chains of transposes and broadcasts collapse into
 * one access and are never copied.
 */
record Access(Node base, Shape shape, Stride rowStride, Stride colStride) {

    /** A stride: nothing, one element, or one row of the base. */
    enum Stride {
        ZERO, ONE, COLS
    }

    /** The base read as itself. */
    static Access of(Node base) {
        Shape s = base.shape();
        return new Access(base, s, s.rows().isOne() ? Stride.ZERO : Stride.COLS,
                s.cols().isOne() ? Stride.ZERO : Stride.ONE);
    }

    Access transpose() {
        return new Access(base, shape.transpose(), colStride, rowStride);
    }

    /** The same elements seen in a larger shape (only dimensions of size 1 grow, and their stride is 0). */
    Access broadcast(Shape to) {
        return new Access(base, to, rowStride, colStride);
    }

    /** True when element (i, j) is the base's own element (i, j): the reader can run in the same loop. */
    boolean identity() {
        return equals(of(base));
    }

    /** True when this is exactly the transpose of the base (a matmul reads it with a trans flag). */
    boolean transposed() {
        return equals(of(base).transpose());
    }
}
