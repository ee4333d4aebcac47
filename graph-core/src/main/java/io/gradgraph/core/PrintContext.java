package io.gradgraph.core;

/** What an op sees when it prints itself: its node, its printed arguments and the notation. */
public interface PrintContext {
    Node node();

    Notation notation();

    /** The printed form of input {@code index}: its name when it has its own equation, else inline. */
    Printed arg(int index);

    /** The printed form of any node of the graph. */
    Printed print(Node node);

    default boolean latex() {
        return notation() == Notation.LATEX;
    }

    /** Picks the text or the LaTeX spelling. */
    default String pick(String text, String latex) {
        return latex() ? latex : text;
    }
}
