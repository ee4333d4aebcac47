package io.gradgraph.core;

import java.util.List;

/**
 * A compiled set of output nodes that runs on {@link Bindings}. The {@link Interpreter} and the
 * code generator's compiled classes implement the same contract and agree on the results.
 *
 * <p><b>Threads.</b> {@link #run} is safe to call from any number of threads at once: each call
 * computes in its own scratch (taken from a pool and returned after the call) and returns matrices
 * of its own, which later runs never touch. A loop that must not allocate takes a {@link Workspace}
 * ({@link #workspace()}) instead: its runs reuse one set of buffers, and it refuses to be run by two
 * threads at once. Sharing {@link Bindings} between threads is safe as long as nobody changes them or
 * their matrices during the runs.
 */
public interface Executable {

    /** The nodes this executable computes, in order. */
    List<Node> outputs();

    /**
     * Computes every output. Thread-safe; the returned matrices belong to the caller and stay valid
     * after later runs (they are never reused).
     */
    Results run(Bindings bindings);

    /**
     * Buffers for repeated runs on one thread that allocate nothing after the first: each run of the
     * workspace overwrites the {@link Results} of its previous run. The default runs {@link #run}
     * (allocating, but still one thread at a time); the interpreter and generated code override it.
     */
    default Workspace workspace() {
        return Workspace.of(this, this::run);
    }
}
