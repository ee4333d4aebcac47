package io.gradgraph.examples.docs;

// BEGIN SNIPPET docs/testing.md
import io.gradgraph.core.Backend;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Node;
import java.util.List;

/** A user's backend: the interpreter, stopping at the first op that produces a NaN. */
final class NaNCheckingBackend implements Backend {
    @Override
    public String name() {
        return "nan-checking";
    }

    @Override
    public Executable compile(List<Node> outputs) {
        return Interpreter.checkingNaN(outputs);
    }
}
// END SNIPPET
