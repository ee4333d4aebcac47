package io.gradgraph.nn;

/**
 * Training stopped because a step's cost was NaN or infinite. The message names the iteration
 * (epoch) and the first non-finite parameter or gradient; {@link #history()} holds the costs recorded
 * before it. {@code TrainingConfig.Builder.continueOnNonFinite()} trains on instead.
 */
public final class NonFiniteCostException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final String reason;
    private final int iteration;
    private final transient History history;

    NonFiniteCostException(String reason, String hint, int iteration, History history) {
        super(reason + hint);
        this.reason = reason;
        this.iteration = iteration;
        this.history = history;
    }

    /** The message without its hint on how to train on: which cost, where, and the first non-finite value. */
    public String reason() {
        return reason;
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
