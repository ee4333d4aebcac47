package io.gradgraph.benchmarks;

import io.gradgraph.core.Backend;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * One of the course's training workloads, ready to run: the model's graph (built by nn's model
 * class, gradients by autodiff) compiled once by a {@link Backend}, its data and parameters bound.
 * {@link #run()} is the timed unit: one step for the full-batch workloads, one epoch for the
 * mini-batch one. A step is what nn's {@code fit} does for it (see {@link Workloads}); nothing is
 * allocated per step beyond what the executable itself allocates.
 */
public abstract class Workload {
    private final String name;
    private final String executor;
    private double lastCost = Double.NaN;
    private long steps;

    Workload(String name, Backend backend) {
        this.name = name;
        this.executor = backend.name();
    }

    /** The workload's name, e.g. {@code "deep"}. */
    public final String name() {
        return name;
    }

    /** The backend's name: {@code "interpreter"} or {@code "compiled"}. */
    public final String executor() {
        return executor;
    }

    /** The timed unit: one training step, or one epoch of mini-batch steps. */
    public abstract void run();

    /** Optimizer steps per {@link #run()}: 1, or the number of mini-batches. */
    public abstract int stepsPerRun();

    /** The cost J computed by the most recent step (for mini-batches: of the last batch). */
    public final double cost() {
        return lastCost;
    }

    /** Training steps taken so far (optimizer updates). */
    public final long steps() {
        return steps;
    }

    /** The parameters as they are now, by name in the course's order. */
    public abstract Map<String, DMatrixRMaj> parameters();

    /** Records a training step that computed {@code cost}. */
    final void stepped(double cost) {
        lastCost = cost;
        steps++;
    }

    @Override
    public String toString() {
        return name + " (" + executor + ")";
    }
}
