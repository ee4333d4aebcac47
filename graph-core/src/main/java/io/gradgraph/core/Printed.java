package io.gradgraph.core;

/**
 * A printed expression and the precedence of its outermost operator, so callers know when to add
 * parentheses.
 */
public record Printed(String text, int precedence) {
    public static final int SUM = 1;
    public static final int PRODUCT = 2;
    public static final int MATMUL = 3;
    public static final int PREFIX = 4;
    public static final int POSTFIX = 5;
    public static final int ATOM = 6;

    public static Printed atom(String text) {
        return new Printed(text, ATOM);
    }

    /** This expression, parenthesized when its precedence is below {@code min}. */
    public String at(int min, Notation notation) {
        if (precedence >= min) {
            return text;
        }
        return notation == Notation.LATEX ? "\\left(" + text + "\\right)" : "(" + text + ")";
    }
}
