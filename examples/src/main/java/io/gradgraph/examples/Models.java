package io.gradgraph.examples;

import io.gradgraph.nn.DeepNetwork;
import io.gradgraph.nn.LogisticRegression;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.OutputLayer;
import io.gradgraph.nn.ShallowNetwork;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The {@code --model}, {@code --layers} and {@code --output} of {@code gradcheck}, {@code codegen} and {@code equations}. */
final class Models {
    /** {@code --model} values (lower case: they are typed on the command line); each knows its layers and how to build. */
    enum Kind {
        /** {@code --layers n_x,1}. */
        logistic("n_x,1", 4, 1) {
            @Override
            Network create(int[] layers, OutputLayer output) {
                require(layers.length == 2 && layers[1] == 1, this, layers);
                return LogisticRegression.create(layers[0]);
            }
        },
        /** {@code --layers n_x,n_h,n_y}: one tanh hidden layer. */
        shallow("n_x,n_h,n_y", 2, 4, 1) {
            @Override
            Network create(int[] layers, OutputLayer output) {
                require(layers.length == 3, this, layers);
                return ShallowNetwork.builder(layers[0], layers[1]).outputs(layers[2]).build();
            }
        },
        /** {@code --layers n[0],…,n[L]}: ReLU hidden layers. */
        deep("n[0],n[1],…,n[L]", 4, 5, 3, 1) {
            @Override
            Network create(int[] layers, OutputLayer output) {
                require(layers.length >= 2, this, layers);
                return DeepNetwork.builder(layers).output(output).build();
            }
        };

        final String form;
        final int[] defaultLayers;

        Kind(String form, int... defaultLayers) {
            this.form = form;
            this.defaultLayers = defaultLayers;
        }

        abstract Network create(int[] layers, OutputLayer output);
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
        return build(kind, layers, OutputLayer.SIGMOID);
    }

    /**
     * The model with {@code output} as its output layer (only {@code deep} has a choice).
     *
     * @throws Main.UsageException if the layer sizes or the output layer do not fit the model
     */
    static Network build(Kind kind, int[] layers, OutputLayer output) {
        if (Arrays.stream(layers).anyMatch(n -> n < 1)) {
            throw new Main.UsageException("--layers sizes must be at least 1, but were " + sizes(layers));
        }
        if (output != OutputLayer.SIGMOID && kind != Kind.deep) {
            throw new Main.UsageException("--output " + output.name().toLowerCase(java.util.Locale.ROOT)
                    + " is for --model deep; " + kind + " has a sigmoid output");
        }
        if (output == OutputLayer.SOFTMAX && layers[layers.length - 1] < 2) {
            throw new Main.UsageException("--output softmax takes the number of classes K from the last of --layers,"
                    + " which must be at least 2, but was " + sizes(layers));
        }
        Main.requireMemory(2 * parameters(layers), "--layers " + sizes(layers)); // parameters and gradients
        return kind.create(layers, output);
    }

    /** The default layers of each model: the planar network's 2,4,1 for shallow. */
    static int[] defaultLayers(Kind kind) {
        return kind.defaultLayers.clone();
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

    private static void require(boolean ok, Kind kind, int[] layers) {
        if (!ok) {
            throw new Main.UsageException("--layers for --model " + kind + " must be " + kind.form + ", but was "
                    + sizes(layers));
        }
    }
}
