package io.gradgraph.codegen;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Node;
import java.util.List;

/**
 * The {@code "compiled"} {@link Backend}, registered through {@link java.util.ServiceLoader}: with
 * graph-codegen on the class path, {@code Backend.compiled().compile(outputs)} runs generated code.
 */
public final class CompiledBackend implements Backend {

    @Override
    public String name() {
        return "compiled";
    }

    @Override
    public Executable compile(List<Node> outputs) {
        return CompiledGraph.compile(outputs);
    }
}
