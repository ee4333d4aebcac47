package io.gradgraph.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An expression of constants only, every element {@code c / (d1·d2·…)}: products, negations and
 * broadcasts of fills and inverse sizes, such as {@code (1/m)·2}. The printer writes it folded,
 * {@code (2/m)}, and treats it as a constant factor.
 */
record ScalarConstant(double coefficient, List<Dim> dims) {

    /** Constant expressions are folded as they are built, so they are small: at most this many nodes are looked at. */
    private static final int BUDGET = 64;

    /** The folded constant {@code n} computes, if it is one (in constant time: deep graphs are not walked). */
    static Optional<ScalarConstant> of(Node n) {
        return of(n, new int[] {BUDGET});
    }

    private static Optional<ScalarConstant> of(Node n, int[] budget) {
        if (--budget[0] < 0) {
            return Optional.empty();
        }
        Lowering lowering = n.op().lowering();
        if (lowering instanceof Lowering.Fill f) {
            return Optional.of(new ScalarConstant(f.value(), List.of()));
        }
        if (lowering instanceof Lowering.InverseSize inv) {
            return Optional.of(new ScalarConstant(1, inv.dims()));
        }
        if (lowering instanceof Lowering.View) {
            return of(n.input(0), budget); // a constant repeated (or transposed)
        }
        if (n.op() instanceof Elementwise.Neg) {
            return of(n.input(0), budget).map(c -> new ScalarConstant(-c.coefficient, c.dims));
        }
        if (n.op() instanceof Elementwise.Mul) {
            Optional<ScalarConstant> b = of(n.input(1), budget);
            Optional<ScalarConstant> a = b.isPresent() ? of(n.input(0), budget) : Optional.empty();
            if (a.isPresent() && b.isPresent()) {
                List<Dim> dims = new ArrayList<>(a.get().dims);
                dims.addAll(b.get().dims);
                return Optional.of(new ScalarConstant(a.get().coefficient * b.get().coefficient, dims));
            }
        }
        return Optional.empty();
    }

    static boolean isConstant(Node n) {
        return of(n).isPresent();
    }

    /** {@code 2/m}, {@code −1/(m·n)}, {@code \frac{2}{m}}; a product precedence (a factor is parenthesized). */
    Printed print(Notation notation) {
        boolean latex = notation == Notation.LATEX;
        String sign = coefficient < 0 ? (latex ? "-" : "−") : "";
        String magnitude = Names.number(Math.abs(coefficient));
        if (dims.isEmpty()) {
            return coefficient < 0 ? new Printed(sign + magnitude, Printed.PREFIX) : Printed.atom(magnitude);
        }
        String denominator = String.join(latex ? " \\cdot " : "·", dims.stream().map(Dim::toString).toList());
        if (latex) {
            String frac = "\\frac{" + magnitude + "}{" + denominator + "}";
            return coefficient < 0 ? new Printed(sign + frac, Printed.PREFIX) : Printed.atom(frac);
        }
        return new Printed(sign + magnitude + "/" + (dims.size() > 1 ? "(" + denominator + ")" : denominator),
                Printed.PRODUCT);
    }
}
