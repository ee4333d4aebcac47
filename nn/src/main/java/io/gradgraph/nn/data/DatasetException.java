package io.gradgraph.nn.data;

/**
 * Thrown when a data set cannot be loaded: a missing or unreadable file, a missing key (the
 * message lists the keys there are), a wrongly shaped or non-numeric array, or a malformed CSV
 * cell (the message names the line and column). The message is one line and names the offending
 * file, key, shape or value; an underlying I/O or parser error, if any, is the cause.
 *
 * <p>It is an {@link IllegalArgumentException}: the file handed to the loader is not a usable data
 * set.
 */
public class DatasetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the file and the offending value
     */
    public DatasetException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file and the offending value
     * @param cause the underlying error
     */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
