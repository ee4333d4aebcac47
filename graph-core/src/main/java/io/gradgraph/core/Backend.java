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
