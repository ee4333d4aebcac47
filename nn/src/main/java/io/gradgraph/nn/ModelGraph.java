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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One computation graph of a {@link Network}'s {@link Model}: the forward pass, the cost and the
 * gradients that autodiff derived, for one combination of options (with or without the L2 term,
 * with or without dropout masks). λ and keep_prob are 1×1 inputs, so one graph, compiled once,
 * serves every value; X, Y and the masks have {@code m} columns, so it also serves every batch size.
 */
final class ModelGraph {
    /** The symbolic number of examples. */
    static final Dim M = Dim.symbol("m");
    static final String LAMBDA = "lambda";
    static final String KEEP_PROB = "keep_prob";

    /** Which terms the graph has. */
    record Kind(boolean l2, boolean dropout) {
    }

    final Kind kind;
    final Graph graph;
    final Node x;
    final Node y;
    final LinkedHashMap<String, Node> parameters;
    final List<Node> masks;
    final Node output;
    /** The per-example losses of a {@link Loss.PerExample}, or null. */
    final Node losses;
    /** The loss's cost, before any L2 term. */
    final Node crossEntropy;
    final Node penalty;
    final Node cost;
    final Gradients gradients;
    final List<Node> gradientNodes;
    private final Map<String, Executable> training = new ConcurrentHashMap<>();
    private final Map<String, Executable> costOnly = new ConcurrentHashMap<>();
    private final Map<String, Executable> prediction = new ConcurrentHashMap<>();
    private final Map<String, Executable> checking = new ConcurrentHashMap<>();
    private Optional<PipelinedDescent.Plan> pipeline;

    ModelGraph(Model model, Kind kind) {
        this.kind = kind;
        this.graph = new Graph();
        Graph g = graph;
        x = g.input(model.featuresName(), new Shape(Dim.of(model.features()), M));
        y = g.input(model.labelsName(), new Shape(Dim.of(model.outputs()), M));
        parameters = new LinkedHashMap<>();
        for (Model.Parameter p : model.parameters()) {
            parameters.put(p.name(), g.parameter(p.name(), p.rows(), p.cols()));
        }
        Node keepProb = kind.dropout() ? g.input(KEEP_PROB, Shape.SCALAR) : null;
        ModelContext context = new ModelContext(g, x, y, Collections.unmodifiableMap(parameters), keepProb);
        output = Objects.requireNonNull(model.forward().build(context), "the forward pass returned no output node");
        if (output.graph() != g) {
            throw new IllegalArgumentException("model " + model.name() + ": the forward pass must build in"
                    + " ModelContext.graph(), its output is from another graph");
        }
        masks = context.masks();

        if (model.loss() instanceof Loss.PerExample perExample) {
            // J = −(1/m) Σ (Y log A + (1 − Y) log(1 − A)) for the course's loss; for a sigmoid output
            // graph-core computes it from the logits and differentiates it to A − Y, the course's dZ.
            losses = perExample.losses(g, output, y);
            crossEntropy = g.mul(g.inverseSize(M), g.sum(losses));
        } else {
            losses = null;
            crossEntropy = model.loss().cost(g, output, y);
        }
        if (crossEntropy == null || !crossEntropy.shape().isScalar()) {
            throw new IllegalArgumentException("model " + model.name() + ": the loss must be a scalar (1×1) node, got "
                    + (crossEntropy == null ? "none" : crossEntropy.shape()));
        }
        if (kind.l2()) {
            crossEntropy.named("cross_entropy");
            Node squares = null;
            for (Model.Parameter p : model.parameters()) {
                if (p.regularized()) {
                    Node s = g.sum(g.square(parameters.get(p.name())));
                    squares = squares == null ? s : g.add(squares, s);
                }
            }
            if (squares == null) {
                throw new IllegalArgumentException("L2 regularization applies to the parameters flagged regularized,"
                        + " and model " + model.name() + " has none");
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

    /**
     * The per-example losses (or the loss's cost when it is not per example), then the L2 term if
     * there is one: J's parts, for gradient checks.
     */
    Executable checking(Backend backend) {
        Node data = losses != null ? losses : crossEntropy;
        return checking.computeIfAbsent(backend.name(),
                k -> backend.compile(penalty == null ? List.of(data) : List.of(data, penalty)));
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
