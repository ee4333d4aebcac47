package io.gradgraph.examples;

import io.gradgraph.nn.DeepNetwork;
import io.gradgraph.nn.LogisticRegression;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.ShallowNetwork;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The {@code --model} and {@code --layers} of {@code gradcheck} and {@code codegen}. */
final class Models {
    /** {@code --model} values (lower case: they are typed on the command line). */
    enum Kind {
        /** {@code --layers n_x,1}. */
        logistic,
        /** {@code --layers n_x,n_h,n_y}: one tanh hidden layer. */
        shallow,
        /** {@code --layers n[0],…,n[L]}: ReLU hidden layers. */
        deep
    }

    private Models() {
    }

    /**
     * The model with its course defaults (zeros for logistic regression, randn·0.01 with seed 2 for
     * the shallow network, randn/√n[l−1] with seed 1 for the deep one).
     *
     * @throws Main.UsageException if the layer sizes do not fit the model
     */
    static Network build(Kind kind, int[] layers) {
        if (Arrays.stream(layers).anyMatch(n -> n < 1)) {
            throw new Main.UsageException("--layers sizes must be at least 1, but were " + sizes(layers));
        }
        Main.requireMemory(2 * parameters(layers), "--layers " + sizes(layers)); // parameters and gradients
        return switch (kind) {
            case logistic -> {
                require(layers.length == 2 && layers[1] == 1, kind, "n_x,1", layers);
                yield LogisticRegression.create(layers[0]);
            }
            case shallow -> {
                require(layers.length == 3, kind, "n_x,n_h,n_y", layers);
                yield ShallowNetwork.builder(layers[0], layers[1]).outputs(layers[2]).build();
            }
            case deep -> {
                require(layers.length >= 2, kind, "n[0],n[1],…,n[L]", layers);
                yield DeepNetwork.builder(layers).build();
            }
        };
    }

    /** The default layers of each model: the planar network's 2,4,1 for shallow. */
    static int[] defaultLayers(Kind kind) {
        return switch (kind) {
            case logistic -> new int[] {4, 1};
            case shallow -> new int[] {2, 4, 1};
            case deep -> new int[] {4, 5, 3, 1};
        };
    }

    /** W[l] and b[l] for every layer: Σ n[l]·(n[l−1] + 1), without overflow. */
    static long parameters(int[] layers) {
        long count = 0;
        for (int l = 1; l < layers.length; l++) {
            count += (long) layers[l] * (layers[l - 1] + 1L);
        }
        return count;
    }

    static String sizes(int[] layers) {
        return Arrays.stream(layers).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    private static void require(boolean ok, Kind kind, String form, int[] layers) {
        if (!ok) {
            throw new Main.UsageException("--layers for --model " + kind + " must be " + form + ", but was "
                    + sizes(layers));
        }
    }
}
