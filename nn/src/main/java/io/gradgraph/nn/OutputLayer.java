package io.gradgraph.nn;

import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;

/**
 * The output layer of a layered network: its activation, loss, prediction rule and label encoding.
 *
 * <pre>{@code
 * DeepNetwork.builder(2, 20, 1).build();                                   // SIGMOID: 0/1 labels
 * DeepNetwork.builder(2, 20, 3).output(OutputLayer.SOFTMAX).build();       // 3 classes, labels 0, 1, 2
 * }</pre>
 */
public enum OutputLayer {
    /**
     * {@code A[L] = σ(Z[L])} with binary cross-entropy, prediction {@code A[L] > 0.5}: n_y independent
     * 0/1 labels (the course's).
     */
    SIGMOID {
        @Override
        Node apply(Graph g, Node z) {
            return g.sigmoid(z);
        }

        @Override
        void configure(Model.Builder b) {
            b.loss(Loss.binaryCrossEntropy()).prediction(Prediction.threshold(0.5));
        }
    },
    /**
     * {@code A[L] = softmax(Z[L])} over the K = n[L] ≥ 2 classes with categorical cross-entropy
     * (autodiff derives {@code dZ[L] = A[L] − Y}), labels given as one row of classes 0…K−1 and one-hot
     * encoded, prediction by argmax, accuracy over classes.
     */
    SOFTMAX {
        @Override
        Node apply(Graph g, Node z) {
            return g.softmax(z);
        }

        @Override
        void configure(Model.Builder b) {
            b.loss(Loss.categoricalCrossEntropy()).prediction(Prediction.argmax()).classLabels();
        }
    };

    abstract Node apply(Graph g, Node z);

    abstract void configure(Model.Builder b);
}
