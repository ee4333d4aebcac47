package io.gradgraph.core;

import java.util.Map;

/**
 * A 2-D shape, rows × cols. Scalars are 1×1; column vectors n×1; row vectors 1×m.
 *
 * <pre>{@code
 * Shape x = Shape.of(2, "m");   // 2 features × m examples
 * Shape b = Shape.of(4, 1);     // a bias column, broadcast over m
 * }</pre>
 */
public record Shape(Dim rows, Dim cols) {

    public static final Shape SCALAR = new Shape(Dim.of(1), Dim.of(1));

    public Shape {
        if (rows == null || cols == null) {
            throw new IllegalArgumentException("a shape needs both dimensions");
        }
    }

    public static Shape of(int rows, int cols) {
        return new Shape(Dim.of(rows), Dim.of(cols));
    }

    public static Shape of(int rows, String cols) {
        return new Shape(Dim.of(rows), Dim.symbol(cols));
    }

    public static Shape of(String rows, int cols) {
        return new Shape(Dim.symbol(rows), Dim.of(cols));
    }

    public static Shape of(String rows, String cols) {
        return new Shape(Dim.symbol(rows), Dim.symbol(cols));
    }

    public boolean isScalar() {
        return rows.isOne() && cols.isOne();
    }

    public Shape transpose() {
        return new Shape(cols, rows);
    }

    /** True when both dimensions are fixed sizes. */
    public boolean isFixed() {
        return rows instanceof Dim.Fixed && cols instanceof Dim.Fixed;
    }

    public int rows(Map<String, Integer> sizes) {
        return rows.resolve(sizes);
    }

    public int cols(Map<String, Integer> sizes) {
        return cols.resolve(sizes);
    }

    /**
     * The numpy broadcast of two shapes, or empty when they are incompatible: each dimension must
     * be equal, or one of them must be the fixed size 1.
     */
    static java.util.Optional<Shape> broadcast(Shape a, Shape b) {
        Dim r = broadcastDim(a.rows, b.rows);
        Dim c = broadcastDim(a.cols, b.cols);
        return r == null || c == null ? java.util.Optional.empty() : java.util.Optional.of(new Shape(r, c));
    }

    private static Dim broadcastDim(Dim a, Dim b) {
        if (a.equals(b)) {
            return a;
        }
        if (a.isOne()) {
            return b;
        }
        if (b.isOne()) {
            return a;
        }
        return null;
    }

    @Override
    public String toString() {
        return rows + "×" + cols;
    }
}
