package io.gradgraph.spark;

/**
 * Training on Spark failed for a reason the user can fix: no examples, an example of the wrong
 * width, a value that is not finite (with the partition and row that hold it), or a cost that
 * became NaN. The message is one line; it survives the trip from an executor to the driver.
 */
public final class SparkTrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SparkTrainingException(String message) {
        super(message);
    }

    SparkTrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
