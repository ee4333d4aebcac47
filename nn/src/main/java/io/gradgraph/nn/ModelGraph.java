package io.gradgraph.nn;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Dim;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One computation graph of a {@link Network}: the forward pass, the cost and the gradients that
 * autodiff derived, for one combination of options (with or without the L2 term, with or without
 * dropout masks). λ and keep_prob are 1×1 inputs, so one graph, compiled once, serves every value;
 * X, Y and the masks have {@code m} columns, so it also serves every batch size.
 */
final class ModelGraph {
    /** The symbolic number of examples. */
    static final Dim M = Dim.symbol("m");
    static final String X = "X";
    static final String Y = "Y";
    static final String LAMBDA = "lambda";
    static final String KEEP_PROB = "keep_prob";

    /** Which terms the graph has. */
    record Kind(boolean l2, boolean dropout) {
    }

    /** Applies dropout to the activations of hidden layer {@code layer} (from 1). */
    interface Dropout {
        Node apply(int layer, Node activation);
    }

    final Kind kind;
    final Graph graph;
    final Node x;
    final Node y;
    final LinkedHashMap<String, Node> parameters;
    final List<Node> masks;
    final Node output;
    final Node losses;
    final Node crossEntropy;
    final Node penalty;
    final Node cost;
    final Gradients gradients;
    final List<Node> gradientNodes;
    private final Map<String, Executable> training = new HashMap<>();
    private final Map<String, Executable> costOnly = new HashMap<>();
    private final Map<String, Executable> prediction = new HashMap<>();
    private final Map<String, Executable> checking = new HashMap<>();
    private Optional<PipelinedDescent.Plan> pipeline;

    ModelGraph(Network network, Kind kind) {
        this.kind = kind;
        this.graph = new Graph();
        Graph g = graph;
        x = g.input(X, new Shape(Dim.of(network.inputs()), M));
        y = g.input(Y, new Shape(Dim.of(network.outputs()), M));
        parameters = new LinkedHashMap<>();
        for (Map.Entry<String, org.ejml.data.DMatrixRMaj> e : network.live().entrySet()) {
            parameters.put(e.getKey(), g.parameter(e.getKey(), e.getValue().numRows, e.getValue().numCols));
        }
        List<Node> maskNodes = new ArrayList<>();
        Dropout dropout;
        if (kind.dropout()) {
            Node keepProb = g.input(KEEP_PROB, Shape.SCALAR);
            int[] hidden = network.hiddenSizes();
            dropout = (layer, a) -> {
                Node mask = g.input("D" + layer, new Shape(Dim.of(hidden[layer - 1]), M));
                maskNodes.add(mask);
                return g.div(g.mul(a, mask), keepProb);
            };
        } else {
            dropout = (layer, a) -> a;
        }
        output = network.forward(g, x, Collections.unmodifiableMap(parameters), dropout);
        masks = List.copyOf(maskNodes);

        // J = −(1/m) Σ (Y log A + (1 − Y) log(1 − A)); for a sigmoid output graph-core computes it
        // from the logits and differentiates it to A − Y, the course's dZ.
        losses = g.binaryCrossEntropy(output, y);
        crossEntropy = g.mul(g.inverseSize(M), g.sum(losses));
        if (kind.l2()) {
            crossEntropy.named("cross_entropy");
            Node squares = null;
            for (Map.Entry<String, Node> e : parameters.entrySet()) {
                if (Network.isWeight(e.getKey())) {
                    Node s = g.sum(g.square(e.getValue()));
                    squares = squares == null ? s : g.add(squares, s);
                }
            }
            Node lambda = g.input(LAMBDA, Shape.SCALAR);
            // + λ/(2m) · Σ_l ‖W[l]‖²
            penalty = g.mul(g.mul(lambda, g.inverseSize(Dim.of(2), M)), squares).named("L2");
            cost = g.add(crossEntropy, penalty).named("J");
        } else {
            penalty = null;
            cost = crossEntropy.named("J");
        }
        gradients = g.gradients(cost, new ArrayList<>(parameters.values()));
        gradientNodes = List.copyOf(gradients.nodes());
    }

    /** Computes J followed by every gradient, in parameter order. */
    Executable training(Backend backend) {
        return training.computeIfAbsent(backend.name(), k -> backend.compile(outputs()));
    }

    Executable costOnly(Backend backend) {
        return costOnly.computeIfAbsent(backend.name(), k -> backend.compile(List.of(cost)));
    }

    Executable prediction(Backend backend) {
        return prediction.computeIfAbsent(backend.name(), k -> backend.compile(List.of(output)));
    }

    /** The per-example losses (n_y × m), then the L2 term if there is one: J's parts, for gradient checks. */
    Executable checking(Backend backend) {
        return checking.computeIfAbsent(backend.name(),
                k -> backend.compile(penalty == null ? List.of(losses) : List.of(losses, penalty)));
    }

    /** Where {@link PipelinedDescent} applies in this graph (found once), or empty. */
    Optional<PipelinedDescent.Plan> pipeline() {
        if (pipeline == null) {
            pipeline = PipelinedDescent.Plan.find(this);
        }
        return pipeline;
    }

    private List<Node> outputs() {
        List<Node> out = new ArrayList<>();
        out.add(cost);
        out.addAll(gradientNodes);
        return out;
    }
}
