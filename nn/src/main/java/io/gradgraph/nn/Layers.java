package io.gradgraph.nn;

import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import java.util.Arrays;
import java.util.Objects;

/** The course's layered models, {@code [LINEAR → g]×(L−1) → LINEAR → output}, built with the public {@link Model} API. */
final class Layers {
    private Layers() {
    }

    /**
     * W1, b1, …, WL, bL for {@code layerDims} (weights drawn by {@code init} in the course's order and
     * L2-regularized, biases zeros), the forward pass with dropout on every hidden activation, and
     * the output layer's loss and prediction.
     */
    static Model.Builder model(String name, int[] layerDims, Activation hidden, OutputLayer output,
            Initializer init, long seed) {
        int layers = layerDims.length - 1;
        Model.Builder b = Model.builder(name, layerDims[0], layerDims[layers]).seed(seed);
        for (int l = 1; l <= layers; l++) {
            b.weight("W" + l, layerDims[l], layerDims[l - 1], init).bias("b" + l, layerDims[l]);
        }
        b.forward(c -> {
            Graph g = c.graph();
            Node a = c.features();
            for (int l = 1; l <= layers; l++) {
                Node z = g.add(g.matmul(c.parameter("W" + l), a), c.parameter("b" + l)).named("Z" + l);
                a = l < layers ? c.dropout(hidden.apply(g, z)) : output.apply(g, z);
                a.named("A" + l);
            }
            return a;
        });
        output.configure(b);
        return b;
    }

    static int[] checkLayerDims(int[] layerDims) {
        Objects.requireNonNull(layerDims, "layerDims");
        if (layerDims.length < 2) {
            throw new IllegalArgumentException("layerDims needs the input size and at least one layer, like"
                    + " [n_x, n_h, n_y], got " + Arrays.toString(layerDims));
        }
        for (int i = 0; i < layerDims.length; i++) {
            if (layerDims[i] < 1) {
                throw new IllegalArgumentException("layerDims[" + i + "] must be ≥ 1, got "
                        + Arrays.toString(layerDims));
            }
        }
        return layerDims.clone();
    }
}
