package io.gradgraph.nn;

import org.ejml.data.DMatrixRMaj;

/**
 * A user's measure of a model's outputs against labels, for {@link Network#evaluate}.
 *
 * <pre>{@code
 * double mse = net.evaluate(Metric.meanSquaredError(), x, x);                 // an autoencoder's reconstruction
 * double hits = net.evaluate((out, y) -> out.get(0, 0) > 0.9 ? 1 : 0, x, y);   // anything
 * }</pre>
 */
@FunctionalInterface
public interface Metric {
    /**
     * @param outputs the model's output node's value, n_y × m (never with dropout)
     * @param labels the labels as given to {@code fit}
     */
    double evaluate(DMatrixRMaj outputs, DMatrixRMaj labels);

    /** The mean over all entries of {@code (output − label)²}. */
    static Metric meanSquaredError() {
        return (outputs, labels) -> {
            if (outputs.numRows != labels.numRows || outputs.numCols != labels.numCols) {
                throw new IllegalArgumentException("outputs are " + outputs.numRows + "×" + outputs.numCols
                        + " but the labels " + labels.numRows + "×" + labels.numCols);
            }
            double sum = 0;
            for (int i = 0, n = outputs.getNumElements(); i < n; i++) {
                double d = outputs.data[i] - labels.data[i];
                sum += d * d;
            }
            return sum / outputs.getNumElements();
        };
    }
}
