package io.gradgraph.codegen;

import io.gradgraph.core.Dim;
import io.gradgraph.core.Shape;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A number of elements as a product of a fixed factor and symbolic sizes, e.g. {@code 4·m}, written
 * as a Java expression over the generated method's size variables.
 */
record Sizes(long factor, List<String> symbols) {

    static Sizes of(Shape shape) {
        return of(List.of(shape.rows(), shape.cols()));
    }

    static Sizes of(List<Dim> dims) {
        long factor = 1;
        List<String> symbols = new ArrayList<>();
        for (Dim d : dims) {
            if (d instanceof Dim.Fixed f) {
                factor *= f.size();
            } else {
                symbols.add(((Dim.Symbol) d).name());
            }
        }
        symbols.sort(null);
        return new Sizes(factor, List.copyOf(symbols));
    }

    /** The Java expression, e.g. {@code 4 * m}, with symbols renamed to their variables. */
    String java(Function<String, String> variable) {
        List<String> terms = new ArrayList<>();
        if (factor != 1 || symbols.isEmpty()) {
            terms.add(Long.toString(factor));
        }
        symbols.forEach(s -> terms.add(variable.apply(s)));
        return String.join(" * ", terms);
    }

    /**
     * The largest of several sizes as a Java expression: sizes over the same symbols are compared at
     * generation time, the rest with {@code Math.max} at run time.
     */
    static String max(Collection<Sizes> sizes, Function<String, String> variable) {
        Map<List<String>, Long> largest = new LinkedHashMap<>();
        for (Sizes s : sizes) {
            largest.merge(s.symbols, s.factor, Math::max);
        }
        List<String> terms = new ArrayList<>();
        largest.forEach((symbols, factor) -> terms.add(new Sizes(factor, symbols).java(variable)));
        String result = terms.get(0);
        for (int i = 1; i < terms.size(); i++) {
            result = "Math.max(" + result + ", " + terms.get(i) + ")";
        }
        return result;
    }
}
