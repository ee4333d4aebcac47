package io.gradgraph.nn;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Bindings;
import io.gradgraph.core.Elementwise;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Workspace;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Leaf;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import io.gradgraph.core.Structural;
import io.gradgraph.kernel.MatMul;
import io.gradgraph.kernel.ProductPass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;

/**
 * Full-batch training that reads X once per step instead of twice, with the same bits as the plain
 * loop. A parameter w used in a product with the input X — {@code wᵀ·X} (w of shape n_x×1) or
 * {@code W·X} — costs two passes over X per step: the forward product and the backward
 * {@code dw = (1/m)·X·Dᵀ} (or {@code (1/m)·D·Xᵀ}). Between steps this trainer keeps the forward
 * product for the current w; a step then
 * <ol>
 *   <li>runs the rest of the graph (the <em>body</em>: the graph with the product as an input and D
 *       as an output instead of dw, compiled by the training backend) for J, D and the other
 *       gradients;</li>
 *   <li>walks X once ({@link ProductPass}): each finished range of dw goes to the optimizer's
 *       elementwise update of w ({@link Optimizer#rangeUpdate}, the pass's epilogue), and that
 *       range's terms of the next step's product are added;</li>
 *   <li>updates the other parameters with the optimizer.</li>
 * </ol>
 * Every value is computed by the same operations in the same order as {@code fit}'s plain loop
 * (the kernel's orders are fixed by the shapes, see {@code MatMul}), so the parameters and costs
 * are bit-identical to it on either backend. The kernel pass knows nothing of the optimizer, and
 * this class nothing of particular models: it looks for the pattern in autodiff's graph.
 *
 * <p>It applies to full-batch training without dropout, with an optimizer whose update is
 * elementwise within a step (gradient descent, momentum; not Adam), when the graph has a parameter
 * w used as {@code wᵀ·X} with the gradient {@code (1/m)·X·Dᵀ} (or {@code X·Dᵀ}), or W used as
 * {@code W·X} with {@code (1/m)·D·Xᵀ} — not with L2, which adds a term to the gradient — and, for
 * {@code W·X}, where the kernel fuses the two products: few rows (at most 32), many features (at
 * least 8 K blocks of 256) and a large product (e.g. 20×12288 W1 on 209 pictures); elsewhere the
 * plain loop is as fast. {@link Network#fit} uses it automatically where it applies, unless
 * {@link TrainingConfig.Builder#pipelined(boolean)} turns it off.
 *
 * <pre>{@code
 * LogisticRegression model = LogisticRegression.create(12288, Backend.compiled());
 * PipelinedDescent trainer = PipelinedDescent.start(model, x, y, config).orElseThrow();
 * for (int i = 0; i < 2000; i++) {
 *     double cost = trainer.step();      // the cost of this step's forward pass, as fit prints it
 * }
 * }</pre>
 *
 * <p>The trainer updates the network's parameters in place; while it is in use, neither they nor
 * x and y may be changed by anything else (its forward product would be stale). Not thread-safe.
 */
public final class PipelinedDescent {
    private final Plan plan;
    private final Workspace body;
    private final Bindings bindings;
    private final double[] x;
    private final int rows;
    private final int features;
    private final int examples;
    private final double[] w;
    private final double[] dw;
    private final DMatrixRMaj product;
    private final double scale;
    private final ProductPass.Epilogue update;
    private final Optimizer.State others;
    private final List<DMatrixRMaj> gradients = new ArrayList<>();

    private PipelinedDescent(Network network, Plan plan, Backend backend, DMatrixRMaj x, DMatrixRMaj y,
                             Optimizer optimizer, double[] dw, Optimizer.RangeUpdate update) {
        this.plan = plan;
        this.body = plan.body(backend).workspace();
        this.x = x.data;
        this.features = x.numRows;
        this.examples = x.numCols;
        LinkedHashMap<String, DMatrixRMaj> parameters = new LinkedHashMap<>(network.live());
        this.w = parameters.remove(plan.weight).data;
        this.rows = plan.rows();
        this.dw = dw;
        this.product = new DMatrixRMaj(rows, examples);
        this.scale = plan.scale == null ? 1 : plan.scale.value(Map.of(ModelGraph.M.toString(), examples));
        this.update = update::apply;
        this.others = optimizer.start(parameters);
        this.bindings = network.bindParameters().set(network.featuresNode(), x)
                .set(network.labelsNode(), network.encodeLabels(y))
                .set(plan.productInput, product);
        // the first forward product, as the graph computes wᵀ·X or W·X
        MatMul.multiply(rows, examples, features, w, 0, !plan.layer, this.x, 0, false, product.data, 0, false);
    }

    /**
     * A trainer for {@code network} on {@code x}, {@code y} with {@code config}, or empty when it
     * does not apply: mini-batches, an optimizer without an elementwise update (Adam), dropout,
     * {@code pipelined(false)}, or a graph without the pattern (see the class comment). Compiles
     * the body with the config's backend (the network's by default) and computes the first forward
     * product.
     *
     * @throws IllegalArgumentException if the shapes do not fit the network
     */
    public static Optional<PipelinedDescent> start(Network network, DMatrixRMaj x, DMatrixRMaj y,
                                                   TrainingConfig config) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(config, "config");
        network.checkData(x, y);
        if (!config.pipelined() || config.usesMiniBatches(x.numCols) || config.usesDropout()) {
            return Optional.empty();
        }
        Optional<Plan> found = network.graph(config.l2() > 0, false).pipeline()
                .filter(plan -> !plan.layer || ProductPass.fusesLayer(plan.rows(), x.numRows, x.numCols));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Plan plan = found.get();
        double[] dw = new double[plan.rows() * x.numRows];
        double[] w = network.live().get(plan.weight).data;
        return config.optimizer().rangeUpdate(w, dw).map(update -> new PipelinedDescent(network, plan,
                config.backend().orElse(network.backend()), x, y, config.optimizer(), dw, update));
    }

    /**
     * One gradient-descent step: the parameters are updated in place.
     *
     * @return the cost J of this step's forward pass (before the update), as {@code fit} records it
     */
    public double step() {
        Results r = body.run(bindings);
        double cost = r.scalar(plan.cost);
        if (plan.layer) {
            ProductPass.runLayer(rows, features, examples, x, r.get(plan.dz).data, scale, update, w, dw, product.data);
        } else {
            ProductPass.run(features, examples, x, r.get(plan.dz).data, scale, update, w, dw, product.data);
        }
        gradients.clear();
        for (int i = 0, n = plan.otherGradients.size(); i < n; i++) {
            gradients.add(r.get(plan.otherGradients.get(i)));
        }
        others.step(gradients);
        return cost;
    }

    /** The parameter whose gradient step is fused with the forward product ({@code "w"}). */
    public String fusedParameter() {
        return plan.weight;
    }

    /**
     * Where the pattern is in one {@link ModelGraph}, and its body graph: found once per graph, the
     * body compiled once per backend.
     */
    static final class Plan {
        final String weight;
        /** W·X with W (rows×n_x) and dW = (1/m)·D·Xᵀ, rather than wᵀ·X with w (n_x×1). */
        final boolean layer;
        /** 1/m of dw, or null when dw is X·Dᵀ itself. */
        final Leaf.InverseSize scale;
        /** The body's nodes: the input standing for wᵀ·X, J, D (dZ) and the other parameters' gradients. */
        final Node productInput;
        final Node cost;
        final Node dz;
        final List<Node> otherGradients;
        private final Map<String, Executable> bodies = new HashMap<>();

        private Plan(String weight, boolean layer, Leaf.InverseSize scale, Node productInput, Node cost, Node dz,
                     List<Node> otherGradients) {
            this.weight = weight;
            this.layer = layer;
            this.scale = scale;
            this.productInput = productInput;
            this.cost = cost;
            this.dz = dz;
            this.otherGradients = otherGradients;
        }

        /** Rows of the fused product: 1 for {@code wᵀ·X}, n_h for a layer's {@code W·X}. */
        int rows() {
            return productInput.shape().rows().resolve(Map.of());
        }

        Executable body(Backend backend) {
            return bodies.computeIfAbsent(backend.name(), k -> {
                List<Node> outputs = new ArrayList<>();
                outputs.add(cost);
                outputs.add(dz);
                outputs.addAll(otherGradients);
                return backend.compile(outputs);
            });
        }

        /**
         * The first parameter with {@code P = wᵀ·X} (w n×1) and {@code dw = (1/m)·X·Dᵀ}, or with
         * {@code P = W·X} and {@code dW = (1/m)·D·Xᵀ} (a layer), if any.
         */
        static Optional<Plan> find(ModelGraph mg) {
            Graph g = mg.graph;
            for (Map.Entry<String, Node> e : mg.parameters.entrySet()) {
                Node w = e.getValue();
                Optional<Node> column = w.shape().cols().isOne()
                        ? g.find(new Structural.Transpose(), w).flatMap(wt -> g.find(new Structural.MatMul(), wt, mg.x))
                        : Optional.empty();
                Optional<Node> layer = g.find(new Structural.MatMul(), w, mg.x);
                if (column.isEmpty() && layer.isEmpty()) {
                    continue;
                }
                Node grad = mg.gradients.of(w);
                Leaf.InverseSize scale = null;
                if (grad.op() instanceof Elementwise.Mul && grad.input(0).op() instanceof Leaf.InverseSize inv) {
                    scale = inv;
                    grad = grad.input(1);
                }
                if (!(grad.op() instanceof Structural.MatMul)) {
                    continue;
                }
                if (column.isPresent() && grad.input(0) == mg.x && grad.input(1).op() instanceof Structural.Transpose) {
                    return Optional.of(body(mg, e.getKey(), false, scale, column.get(), grad.input(1).input(0)));
                }
                if (layer.isPresent() && grad.input(1).op() instanceof Structural.Transpose
                        && grad.input(1).input(0) == mg.x) {
                    return Optional.of(body(mg, e.getKey(), true, scale, layer.get(), grad.input(0)));
                }
            }
            return Optional.empty();
        }

        /**
         * Copies J, D and the other gradients into a new graph, the same ops on the same inputs,
         * with {@code product} replaced by an input.
         */
        private static Plan body(ModelGraph mg, String weight, boolean layer, Leaf.InverseSize scale, Node product,
                                 Node dz) {
            Graph g = new Graph();
            Map<Node, Node> copies = new HashMap<>();
            Node input = g.input(layer ? weight + "_X" : weight + "T_X", product.shape());
            copies.put(product, input);
            List<Node> others = new ArrayList<>();
            for (Map.Entry<String, Node> e : mg.parameters.entrySet()) {
                if (!e.getKey().equals(weight)) {
                    others.add(copy(g, mg.gradients.of(e.getValue()), copies));
                }
            }
            return new Plan(weight, layer, scale, input, copy(g, mg.cost, copies), copy(g, dz, copies),
                    List.copyOf(others));
        }

        private static Node copy(Graph g, Node n, Map<Node, Node> copies) {
            Node done = copies.get(n);
            if (done != null) {
                return done;
            }
            Node c;
            if (n.op() instanceof Leaf.Input in) {
                c = g.input(in.id(), in.shape());
            } else if (n.op() instanceof Leaf.Parameter p) {
                c = g.parameter(p.id(), p.shape());
            } else {
                Node[] inputs = new Node[n.inputs().size()];
                for (int i = 0; i < inputs.length; i++) {
                    inputs[i] = copy(g, n.input(i), copies);
                }
                c = g.apply(n.op(), inputs);
                n.name().ifPresent(c::named);
            }
            copies.put(n, c);
            return c;
        }
    }
}
