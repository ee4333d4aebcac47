package io.gradgraph.core;

import java.util.List;
import java.util.ServiceLoader;

/**
 * A way to turn output nodes into an {@link Executable}. The interpreter is always available; the
 * code generator (module {@code graph-codegen}) registers a compiling backend through
 * {@link ServiceLoader}, so code that only depends on graph-core can switch to generated code when
 * it is on the class path.
 *
 * <pre>{@code
 * Executable step = Backend.compiled().compile(List.of(J, dW1, db1));
 * }</pre>
 */
public interface Backend {

    /** A short name, e.g. {@code "interpreter"} or {@code "compiled"}. */
    String name();

    Executable compile(List<Node> outputs);

    /** The EJML interpreter. */
    static Backend interpreter() {
        return new Backend() {
            public String name() {
                return "interpreter";
            }

            public Executable compile(List<Node> outputs) {
                return Interpreter.of(outputs);
            }
        };
    }

    /**
     * The backend to use when none is chosen, and the default of nn's models: generated code when
     * graph-codegen is on the class path (on a runtime without a Java compiler it runs the
     * interpreter instead, after one line on stderr), the interpreter otherwise. The system property
     * {@code gradgraph.backend} ({@code compiled} or {@code interpreter}) overrides the choice.
     *
     * <pre>{@code
     * Executable step = Backend.preferred().compile(List.of(J, dW1, db1));
     * }</pre>
     */
    static Backend preferred() {
        String chosen = System.getProperty("gradgraph.backend", "").trim();
        switch (chosen) {
            case "interpreter":
                return interpreter();
            case "compiled":
                return compiled();
            case "":
                for (Backend b : ServiceLoader.load(Backend.class)) {
                    if (b.name().equals("compiled")) {
                        return b;
                    }
                }
                return interpreter();
            default:
                throw new GraphException("gradgraph.backend must be 'compiled' or 'interpreter', not '" + chosen + "'");
        }
    }

    /**
     * The generated-code backend registered by graph-codegen, or a clear error when it is not on
     * the class path.
     */
    static Backend compiled() {
        for (Backend b : ServiceLoader.load(Backend.class)) {
            if (b.name().equals("compiled")) {
                return b;
            }
        }
        throw new GraphException("no compiled backend found: add io.gradgraph:graph-codegen to the class path");
    }
}
