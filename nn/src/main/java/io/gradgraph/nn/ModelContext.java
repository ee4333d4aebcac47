package io.gradgraph.nn;

import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Model.Forward} builds with: the graph, the features and labels inputs, the parameter
 * nodes by name, and {@link #dropout} for the activations that inverted dropout may drop.
 *
 * <pre>{@code
 * Node a1 = c.dropout(g.relu(g.add(g.matmul(c.parameter("W1"), c.features()), c.parameter("b1"))));
 * }</pre>
 */
public final class ModelContext {
    private final Graph graph;
    private final Node features;
    private final Node labels;
    private final Map<String, Node> parameters;
    private final Node keepProb;
    private final List<Node> masks = new ArrayList<>();

    ModelContext(Graph graph, Node features, Node labels, Map<String, Node> parameters, Node keepProb) {
        this.graph = graph;
        this.features = features;
        this.labels = labels;
        this.parameters = parameters;
        this.keepProb = keepProb;
    }

    /** The graph to build in. */
    public Graph graph() {
        return graph;
    }

    /** {@code X}, n_x × m. */
    public Node features() {
        return features;
    }

    /** {@code Y}, n_y × m (one-hot K × m for class labels). */
    public Node labels() {
        return labels;
    }

    /** The parameter node named {@code name}. */
    public Node parameter(String name) {
        Node p = parameters.get(Objects.requireNonNull(name, "name"));
        if (p == null) {
            throw new IllegalArgumentException("the model has no parameter named '" + name + "'; it has "
                    + parameters.keySet());
        }
        return p;
    }

    /** Every parameter node by name, in the model's order. */
    public Map<String, Node> parameters() {
        return parameters;
    }

    /**
     * Inverted dropout on {@code activation} while training with {@code keep_prob < 1}:
     * {@code A ∗ D / keep_prob} with a fresh 0/1 mask input {@code D1, D2, …} (numbered in call
     * order) of the activation's shape. Without dropout (and always for prediction) it returns
     * {@code activation} itself.
     */
    public Node dropout(Node activation) {
        Objects.requireNonNull(activation, "activation");
        if (keepProb == null) {
            return activation;
        }
        Shape shape = activation.shape();
        Node mask = graph.input("D" + (masks.size() + 1), shape);
        masks.add(mask);
        return graph.div(graph.mul(activation, mask), keepProb);
    }

    List<Node> masks() {
        return List.copyOf(masks);
    }
}
