package io.gradgraph.nn;

/**
 * Called after every iteration (full-batch training) or epoch (mini-batches) with its cost, e.g. to
 * plot a learning curve or stop early by throwing.
 *
 * <pre>{@code
 * TrainingConfig.builder().callback((i, cost) -> curve.add(cost)).build();
 * }</pre>
 */
@FunctionalInterface
public interface CostListener {
    /**
     * @param iteration the 0-based iteration (or epoch) whose cost this is
     * @param cost the cost computed in that iteration's forward pass(es), before its update
     */
    void onCost(int iteration, double cost);
}
