package io.gradgraph.benchmarks;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Bindings;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * One of the course's training workloads, ready to run: the model's graph (built by nn's model
 * class, gradients by autodiff) compiled once by a {@link Backend}, its data and parameters bound,
 * and the optimizer's state. {@link #run()} is the timed unit: one step for the full-batch
 * workloads, one epoch for the mini-batch one.
 *
 * <p>A step is what nn's training loop does for each batch: run the executable for the cost and
 * every gradient, then let the {@link Optimizer} update the parameters in place. Nothing is
 * allocated per step beyond what the executable itself allocates.
 */
public abstract class Workload {
    private final String name;
    private final String executor;
    private final Executable executable;
    private final Node cost;
    private final List<Node> gradientNodes;
    private final LinkedHashMap<String, DMatrixRMaj> parameters;
    private final Optimizer.State optimizer;
    private final List<DMatrixRMaj> gradients;
    /** X, Y and the parameters; the mini-batch workload rebinds X and Y per batch. */
    final Bindings bindings;
    private double lastCost = Double.NaN;
    private long steps;

    Workload(String name, Network network, Backend backend, Optimizer optimizer, DMatrixRMaj x, DMatrixRMaj y) {
        this.name = name;
        this.executor = backend.name();
        this.cost = network.costNode();
        Gradients grads = network.gradients();
        this.parameters = network.parameters();
        this.gradientNodes = new ArrayList<>();
        for (String p : parameters.keySet()) {
            gradientNodes.add(grads.of(p));
        }
        List<Node> outputs = new ArrayList<>();
        outputs.add(cost);
        outputs.addAll(gradientNodes);
        this.executable = backend.compile(outputs);
        this.bindings = new Bindings().set("X", x).set("Y", y);
        parameters.forEach(bindings::set);
        this.optimizer = optimizer.start(parameters);
        this.gradients = new ArrayList<>(gradientNodes.size());
    }

    /** The workload's name, e.g. {@code "deep"}. */
    public final String name() {
        return name;
    }

    /** The backend's name: {@code "interpreter"} or {@code "compiled"}. */
    public final String executor() {
        return executor;
    }

    /** The executable each step runs (interpreter or generated code). */
    public final Executable executable() {
        return executable;
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

    /** The live parameter matrices, by name in the course's order. */
    public final Map<String, DMatrixRMaj> parameters() {
        return parameters;
    }

    /** One step on the currently bound X and Y: cost and gradients, then the in-place update. */
    final void step() {
        Results r = executable.run(bindings);
        lastCost = r.scalar(cost);
        gradients.clear();
        for (int i = 0, n = gradientNodes.size(); i < n; i++) { // indexed: no iterator, even uninlined
            gradients.add(r.get(gradientNodes.get(i)));
        }
        optimizer.step(gradients);
        steps++;
    }

    @Override
    public String toString() {
        return name + " (" + executor + ")";
    }
}
