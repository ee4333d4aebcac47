package io.gradgraph.core;

import java.util.Map;

/**
 * One dimension of a {@link Shape}: a fixed size, or a named symbolic size such as the batch size
 * {@code m} that is bound when the graph runs.
 *
 * <pre>{@code
 * Dim four = Dim.of(4);
 * Dim m = Dim.symbol("m");   // bound from the inputs' shapes at run time
 * }</pre>
 */
public sealed interface Dim permits Dim.Fixed, Dim.Symbol {

    /** A fixed size, at least 1. */
    static Dim of(int size) {
        return new Fixed(size);
    }

    /** A named size bound at run time (e.g. the batch size {@code m}). */
    static Dim symbol(String name) {
        return new Symbol(name);
    }

    /** This dimension's size under the given symbol bindings. */
    int resolve(Map<String, Integer> sizes);

    /** True when this is the fixed size 1, the only size numpy broadcasts. */
    default boolean isOne() {
        return this instanceof Fixed f && f.size() == 1;
    }

    /** A fixed size. */
    record Fixed(int size) implements Dim {
        public Fixed {
            if (size < 1) {
                throw new IllegalArgumentException("a dimension must be at least 1, got " + size);
            }
        }

        @Override
        public int resolve(Map<String, Integer> sizes) {
            return size;
        }

        @Override
        public String toString() {
            return Integer.toString(size);
        }
    }

    /** A named size bound when the graph runs. */
    record Symbol(String name) implements Dim {
        public Symbol {
            if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("a symbolic size needs an identifier name, got '" + name + "'");
            }
        }

        @Override
        public int resolve(Map<String, Integer> sizes) {
            Integer size = sizes.get(name);
            if (size == null) {
                throw new GraphException("symbolic size '" + name + "' is not bound: bind an input that has it"
                        + " or call Bindings.size(\"" + name + "\", n)");
            }
            return size;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
