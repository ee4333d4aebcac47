package io.gradgraph.core;

/** The two forms {@link EquationPrinter} writes. */
public enum Notation {
    /** Plain Unicode text: {@code dW2 = (1/m) dZ2·A1ᵀ}. */
    TEXT,
    /** LaTeX: {@code dW^{[2]} = \frac{1}{m} dZ^{[2]} \cdot A^{[1]\top}}. */
    LATEX
}
