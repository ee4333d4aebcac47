package io.gradgraph.nn;

import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;

/**
 * The output layer of a layered network: its activation, loss and prediction rule.
 *
 * <pre>{@code
 * DeepNetwork.builder(2, 20, 1).build();                                   // SIGMOID: 0/1 labels
 * }</pre>
 */
public enum OutputLayer {
    /**
     * {@code A[L] = σ(Z[L])} with binary cross-entropy, prediction {@code A[L] > 0.5}: n_y independent
     * 0/1 labels (the course's).
     */
    SIGMOID;

    Node apply(Graph g, Node z) {
        return g.sigmoid(z);
    }

    void configure(Model.Builder b) {
        b.loss(Loss.binaryCrossEntropy()).prediction(Prediction.threshold(0.5));
    }
}
