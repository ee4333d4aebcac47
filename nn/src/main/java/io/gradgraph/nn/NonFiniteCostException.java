package io.gradgraph.nn;

/**
 * Training stopped because a step's cost was NaN or infinite. The message names the iteration
 * (epoch) and the first non-finite parameter or gradient; {@link #history()} holds the costs recorded
 * before it. {@code TrainingConfig.Builder.continueOnNonFinite()} trains on instead.
 */
public final class NonFiniteCostException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final int iteration;
    private final transient History history;

    NonFiniteCostException(String message, int iteration, History history) {
        super(message);
        this.iteration = iteration;
        this.history = history;
    }

    /** The (0-based) iteration or epoch whose cost was not finite. */
    public int iteration() {
        return iteration;
    }

    /** The costs recorded before training stopped. */
    public History history() {
        return history;
    }
}
