package io.gradgraph.core;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The buffers of one {@link Executable} for a loop that must not allocate: every run of a workspace
 * computes into the same matrices, so the {@link Results} of a run are overwritten by the next run of
 * the same workspace. A training loop takes one workspace and runs it every step:
 *
 * <pre>{@code
 * Workspace steps = step.workspace();
 * for (int i = 0; i < iterations; i++) {
 *     Results r = steps.run(bindings); // valid until the next steps.run
 *     optimizer.update(r);
 * }
 * }</pre>
 *
 * <p>A workspace belongs to one thread at a time. A run that overlaps another run of the same workspace
 * (from another thread, or re-entrantly) throws {@link IllegalStateException} instead of computing on
 * buffers in use; give each thread its own workspace, or use {@link Executable#run}, which is safe to
 * call from any number of threads.
 */
public final class Workspace {
    private final Executable executable;
    private final Function<Bindings, Results> run;
    private final AtomicReference<Thread> user = new AtomicReference<>();

    private Workspace(Executable executable, Function<Bindings, Results> run) {
        this.executable = executable;
        this.run = run;
    }

    /**
     * A workspace of {@code executable} whose runs call {@code run}: for {@link Executable}
     * implementations, with {@code run} computing into buffers it owns. This class adds the
     * one-thread-at-a-time check.
     */
    public static Workspace of(Executable executable, Function<Bindings, Results> run) {
        return new Workspace(executable, run);
    }

    /** The executable whose buffers this is. */
    public Executable executable() {
        return executable;
    }

    /** The outputs each run computes (those of {@link #executable()}). */
    public List<Node> outputs() {
        return executable.outputs();
    }

    /**
     * Computes every output into this workspace's buffers: the returned {@link Results} (and its
     * matrices) stay valid until the next run of this workspace.
     *
     * @throws IllegalStateException if another run of this workspace is in progress
     */
    public Results run(Bindings bindings) {
        Thread me = Thread.currentThread();
        if (!user.compareAndSet(null, me)) {
            Thread other = user.get();
            throw new IllegalStateException("this workspace is already running"
                    + (other == me ? " on this thread (a re-entrant run)" : " on thread '"
                            + (other == null ? "?" : other.getName()) + "'")
                    + ": a workspace belongs to one thread at a time; give each thread its own"
                    + " (Executable.workspace()) or call Executable.run, which is thread-safe");
        }
        try {
            return run.apply(bindings);
        } finally {
            user.set(null);
        }
    }
}
