package io.gradgraph.nn;

import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;

/**
 * The activation {@code g} of a hidden layer, {@code A = g(Z)}. Each one is a graph-core op, so its
 * derivative comes from autodiff like everything else.
 *
 * <pre>{@code
 * ShallowNetwork net = ShallowNetwork.builder(2, 4).activation(Activation.RELU).build();
 * }</pre>
 */
public enum Activation {
    /** {@code tanh(Z)}, the course's choice for the one-hidden-layer network. */
    TANH,
    /** {@code max(0, Z)}, the course's choice for the hidden layers of the L-layer network. */
    RELU,
    /** {@code max(0.01·Z, Z)}. */
    LEAKY_RELU,
    /** {@code 1 / (1 + e^−Z)}. */
    SIGMOID;

    /** The slope of {@link #LEAKY_RELU} for negative inputs. */
    public static final double LEAKY_SLOPE = 0.01;

    /** Applies this activation to {@code z} in {@code g}. */
    public Node apply(Graph g, Node z) {
        return switch (this) {
            case TANH -> g.tanh(z);
            case RELU -> g.relu(z);
            case LEAKY_RELU -> g.leakyRelu(z, LEAKY_SLOPE);
            case SIGMOID -> g.sigmoid(z);
        };
    }
}
