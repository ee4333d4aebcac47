package io.gradgraph.nn;

import org.ejml.data.DMatrixRMaj;

/**
 * How a model's outputs become predictions, and how predictions score against labels.
 *
 * <pre>{@code
 * Prediction.threshold(0.5)   // the course's predict: A > 0.5 as 0/1; accuracy 100 − mean(|p − y|)·100
 * Prediction.argmax()         // the class with the largest output, 1 × m of 0…K−1; % of equal classes
 * Prediction.identity()       // the outputs themselves (regression, autoencoders); accuracy is refused
 * }</pre>
 */
public interface Prediction {

    /** The predictions for {@code output} (the model's output node's value, n_y × m). */
    DMatrixRMaj predict(DMatrixRMaj output);

    /**
     * The percentage of correct {@code predictions} against {@code labels} (the labels as given
     * to {@code fit}). By default the percentage of examples (columns) whose prediction equals the label.
     */
    default double accuracy(DMatrixRMaj predictions, DMatrixRMaj labels) {
        if (predictions.numRows != labels.numRows || predictions.numCols != labels.numCols) {
            throw new IllegalArgumentException("predictions are " + predictions.numRows + "×" + predictions.numCols
                    + " but the labels " + labels.numRows + "×" + labels.numCols);
        }
        int m = predictions.numCols;
        int correct = 0;
        for (int j = 0; j < m; j++) {
            boolean same = true;
            for (int i = 0; i < predictions.numRows && same; i++) {
                same = predictions.get(i, j) == labels.get(i, j);
            }
            correct += same ? 1 : 0;
        }
        return 100.0 * correct / m;
    }

    /**
     * {@code output > cut} as 0/1, scored as the course prints it: {@code 100 − mean(|p − y|)·100}.
     */
    static Prediction threshold(double cut) {
        if (!Double.isFinite(cut)) {
            throw new IllegalArgumentException("the threshold must be finite, got " + cut);
        }
        return new Prediction() {
            @Override
            public DMatrixRMaj predict(DMatrixRMaj output) {
                DMatrixRMaj p = output.copy();
                for (int i = 0, n = p.getNumElements(); i < n; i++) {
                    p.data[i] = p.data[i] > cut ? 1 : 0;
                }
                return p;
            }

            @Override
            public double accuracy(DMatrixRMaj predictions, DMatrixRMaj labels) {
                double wrong = 0;
                for (int i = 0, n = predictions.getNumElements(); i < n; i++) {
                    wrong += Math.abs(predictions.data[i] - labels.data[i]);
                }
                return 100 - wrong / predictions.getNumElements() * 100;
            }

            @Override
            public String toString() {
                return "output > " + cut;
            }
        };
    }

    /** The index of each column's largest output (the first on ties), as a 1 × m row of classes 0…K−1. */
    static Prediction argmax() {
        return new Prediction() {
            @Override
            public DMatrixRMaj predict(DMatrixRMaj output) {
                DMatrixRMaj p = new DMatrixRMaj(1, output.numCols);
                for (int j = 0; j < output.numCols; j++) {
                    int best = 0;
                    for (int i = 1; i < output.numRows; i++) {
                        if (output.get(i, j) > output.get(best, j)) {
                            best = i;
                        }
                    }
                    p.data[j] = best;
                }
                return p;
            }

            @Override
            public String toString() {
                return "argmax";
            }
        };
    }

    /** The outputs themselves; there is no accuracy, use a {@link Metric}. */
    static Prediction identity() {
        return new Prediction() {
            @Override
            public DMatrixRMaj predict(DMatrixRMaj output) {
                return output.copy();
            }

            @Override
            public double accuracy(DMatrixRMaj predictions, DMatrixRMaj labels) {
                throw new UnsupportedOperationException("a model that predicts its outputs as they are has no"
                        + " accuracy; evaluate it with a Metric, e.g. net.evaluate(Metric.meanSquaredError(), x, y)");
            }

            @Override
            public String toString() {
                return "identity";
            }
        };
    }
}
