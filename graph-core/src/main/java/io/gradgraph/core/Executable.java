package io.gradgraph.core;

import java.util.List;

/**
 * A compiled set of output nodes that runs on {@link Bindings}. The {@link Interpreter} and the
 * code generator's compiled classes implement the same contract and agree on the results.
 */
public interface Executable {

    /** The nodes this executable computes, in order. */
    List<Node> outputs();

    /**
     * Computes every output. The returned matrices are owned by the executable and overwritten by
     * the next run: copy what you need to keep.
     */
    Results run(Bindings bindings);
}
