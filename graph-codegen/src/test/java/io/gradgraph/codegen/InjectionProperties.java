package io.gradgraph.codegen;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * No name becomes code: node, input and size names from all of Unicode (line terminators, controls,
 * format characters, lone surrogates, keywords, the classes generated code refers to, and attempts
 * to inject statements) compile, give the interpreter's bits, and run nothing of their own.
 */
class InjectionProperties {
    private static final String FLAG = "gradgraph.injected";
    private static final String PAYLOAD = "System.setProperty(\"" + FLAG + "\", \"yes\");";

    /** Names that broke or fooled the generator, and names of what generated code refers to. */
    private static final List<String> SPECIAL = List.of(
            "Z\u2028" + PAYLOAD + "//", "Z\u2029" + PAYLOAD + "//", "Z\u0085" + PAYLOAD + "//",
            "Z\f" + PAYLOAD + "//", "Z\u000B" + PAYLOAD + "//", "Z\r\n" + PAYLOAD + "//", "Z\n" + PAYLOAD,
            "*/ " + PAYLOAD + " /*", "\\u000a" + PAYLOAD + "//", "\\u2028" + PAYLOAD, "\"); " + PAYLOAD + " //",
            "a\u200Bb", "ab", "\u200B", "\uD800", "\uDC00x", "\uD83D\uDE00", "\u0000", "\u001B[31m", "é", "e\u0301",
            "class", "int", "double", "_", "Math", "MatMul", "System", "Double", "String", "List", "io", "java", "org",
            "i", "j", "k", "m", "run", "from", "count", "tmp0", "math0", "inv_m", "this", "null", "true", "1x", "$",
            "ops", "Op", "GeneratedGraph", "requireLength");

    private static final List<String> SYMBOLS = List.of("m", "n", "Math", "io", "java", "class", "i", "_x", "System");

    @Provide
    Arbitrary<List<String>> names() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12);
        return Arbitraries.oneOf(any, Arbitraries.of(SPECIAL)).filter(s -> !s.isBlank()).list().ofSize(5)
                .uniqueElements();
    }

    @Property(tries = 30, seed = "2028")
    void anyNamesCompileAndGiveTheInterpretersBits(@ForAll("names") List<String> names,
            @ForAll("symbols") String symbol) {
        check(names, symbol);
    }

    @Provide
    Arbitrary<String> symbols() {
        return Arbitraries.of(SYMBOLS);
    }

    /** The name that ran {@code System.exit(42)} through {@code Backend.compiled()} before the fix. */
    @Test
    void aLineSeparatorInANameRunsNoInjectedCode() {
        String name = "Z\u2028System.exit(42);//";
        check(List.of("X", "W", "b", name, "J"), "m");
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node z = g.tanh(x).named(name);
        String source = CodeGenerator.source("p", "C", List.of(g.mean(z).named("J"), z));
        for (String line : source.split("\n")) { // where JavaPoet would have broken the comment line
            assertFalse(line.trim().startsWith("System.exit"), "code from a name: " + line);
        }
        assertFalse(source.contains("\u2028"), "the separator is in the source");
    }

    /**
     * Locals named like text the generated code writes around them ({@code Math.max},
     * {@code java.lang.StrictMath.sin}): rows taken four at a time rename only the locals.
     */
    @Test
    void localsNamedLikeTheCodeAroundThemAreOnlyThemselves() {
        for (String name : List.of("max", "lang", "sin", "strictMath")) {
            Graph g = new Graph();
            Node x = g.input("X", Shape.of(5, "m"));
            Node r = g.relu(x).named(name);
            Node q = g.sin(r);
            Bindings bindings = new Bindings().set("X", Fixtures.random(new Random(7), 5, 30, 1.0));
            String source = CodeGenerator.source("p", "C", List.of(g.sum(r, 1, true), g.max(q, 1, true)));
            assertTrue(source.contains(" = Math.max(X[k$3], 0.0);"), source); // row 3 of 4, only the locals renamed
            CompiledGraphTest.assertBitIdentical(List.of(g.sum(r, 1, true), g.max(q, 1, true)), bindings);
        }
    }

    private static void check(List<String> names, String symbol) {
        Graph g = new Graph();
        Node x = g.input(names.get(0), Shape.of(3, symbol));
        Node w = g.parameter(names.get(1), 2, 3);
        Node b = g.parameter(names.get(2), 2, 1);
        Node z = g.add(g.matmul(w, x), b).named(names.get(3));
        Node a = g.tanh(z);
        Node j = g.mean(g.square(a)).named(names.get(4));
        Gradients grads = g.gradients(j, w, b);
        Random random = new Random(names.hashCode());
        Bindings bindings = new Bindings()
                .set(names.get(0), Fixtures.random(random, 3, 41, 1.0))
                .set(names.get(1), Fixtures.random(random, 2, 3, 1.0))
                .set(names.get(2), Fixtures.random(random, 2, 1, 1.0));
        CompiledGraphTest.assertBitIdentical(List.of(j, grads.of(w), grads.of(b), z, a), bindings);
        assertNull(System.getProperty(FLAG), "a name ran code");
    }
}
