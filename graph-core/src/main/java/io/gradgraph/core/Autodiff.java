package io.gradgraph.core;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;

/**
 * Reverse-mode automatic differentiation as a graph transformation.
 *
 * <p>Walks the nodes between the requested ones and the cost in reverse topological order (node
 * ids are a topological order), asks each op for its vector-Jacobian product as new graph nodes,
 * sums broadcast gradients back to their input's shape, and adds up fan-out. Only nodes on a path
 * from a requested node to the cost are visited, so nothing that the requested gradients do not
 * need is built (no gradient with respect to the data {@code X} unless asked).
 */
final class Autodiff {
    private Autodiff() {
    }

    static Gradients gradients(Node cost, List<Node> wrt) {
        if (!cost.shape().isScalar()) {
            throw new GraphException("gradients: the cost must be 1×1, but " + cost.label() + " is " + cost.shape()
                    + " (reduce it with sum or mean first, or give a cotangent: gradients(output, cotangent, wrt))");
        }
        return gradients(cost, cost.graph().ones(cost.shape()), wrt);
    }

    /**
     * The vector-Jacobian products {@code cotangentᵀ·∂output/∂w} for each w: for a 1×1 output and a
     * cotangent of 1, the gradients.
     */
    static Gradients gradients(Node cost, Node cotangent, List<Node> wrt) {
        Graph g = cost.graph();
        if (cotangent.graph() != g) {
            throw new GraphException("gradients: the cotangent " + cotangent.label() + " belongs to another graph than "
                    + cost.label());
        }
        if (!Shape.broadcast(cotangent.shape(), cost.shape()).filter(cost.shape()::equals).isPresent()) {
            throw new GraphException("gradients: the cotangent " + cotangent.label() + " (" + cotangent.shape()
                    + ") must have the shape of " + cost.label() + " (" + cost.shape() + ") or broadcast to it");
        }
        if (wrt.isEmpty()) {
            throw new GraphException("gradients: name at least one node to differentiate with respect to");
        }
        for (Node w : wrt) {
            if (w.graph() != g) {
                throw new GraphException("gradients: " + w.label() + " belongs to another graph than the cost");
            }
        }

        int firstNew = g.nodes().size();
        List<Node> reachable = Graph.topologicalOrder(List.of(cost));
        Set<Node> targets = new HashSet<>(wrt);
        Set<Node> onPath = new HashSet<>();
        for (Node n : reachable) { // ascending ids: inputs before consumers
            if (targets.contains(n) || n.inputs().stream().anyMatch(onPath::contains)) {
                onPath.add(n);
            }
        }

        Map<Node, Node> grads = new HashMap<>();
        grads.put(cost, g.broadcastTo(cotangent, cost.shape()));
        Map<Node, Node> all = new LinkedHashMap<>();
        for (int i = reachable.size() - 1; i >= 0; i--) {
            Node n = reachable.get(i);
            Node grad = grads.get(n);
            if (grad == null || !onPath.contains(n)) {
                continue;
            }
            all.put(n, grad);
            for (int k = 0; k < n.inputs().size(); k++) {
                Node input = n.input(k);
                if (!onPath.contains(input)) {
                    continue;
                }
                Node contribution = sumToShape(g, n.op().vjp(g, n, grad, k), input.shape());
                grads.merge(input, contribution, g::add);
            }
        }

        Map<Node, Node> requested = new LinkedHashMap<>();
        Set<Node> independent = new HashSet<>();
        for (Node w : wrt) {
            Node grad = grads.get(w);
            if (grad == null) {
                independent.add(w); // as JAX: zeros, not an error
                grad = g.zeros(w.shape());
            }
            requested.put(w, grad);
        }
        nameGradients(g, cost, requested, all);
        return new Gradients(cost, requested, all, independent, firstNew);
    }

    /** A broadcast input receives the sum of its gradient over the axes it was broadcast along. */
    static Node sumToShape(Graph g, Node grad, Shape target) {
        Node result = grad;
        if (target.rows().isOne() && !result.shape().rows().isOne()) {
            result = g.sum(result, 0, true);
        }
        if (target.cols().isOne() && !result.shape().cols().isOne()) {
            result = g.sum(result, 1, true);
        }
        if (!result.shape().equals(target)) {
            if (Shape.broadcast(result.shape(), target).filter(target::equals).isPresent()) {
                return g.broadcastTo(result, target);
            }
            throw new IllegalStateException("gradient of shape " + grad.shape() + " cannot be summed to " + target);
        }
        return result;
    }

    /**
     * Names gradients in the course's notation: {@code dW1} for a requested {@code W1}, and {@code dZ1}
     * for a named intermediate {@code Z1}. When the gradient of an intermediate is a scalar times a
     * matrix, {@code (1/m)·T}, the matrix T is named: the course's {@code dZ} is the per-example
     * gradient, and the {@code 1/m} appears where it applies, in {@code dW = (1/m) dZ·Aᵀ}.
     *
     * <p>Requested gradients are named in the graph (so results can be looked up as {@code "dW1"});
     * intermediate ones get a {@link Node#hint() hint}, used by the printer and the code generator.
     */
    private static void nameGradients(Graph g, Node cost, Map<Node, Node> requested, Map<Node, Node> all) {
        for (Map.Entry<Node, Node> e : requested.entrySet()) {
            e.getKey().name().ifPresent(name -> nameGradient(g, cost, e.getValue(), name));
        }
        for (Map.Entry<Node, Node> e : all.entrySet()) {
            Node forward = e.getKey();
            if (requested.containsKey(forward) || forward.inputs().isEmpty() || forward.name().isEmpty()) {
                continue;
            }
            Node grad = e.getValue();
            Node target = Graph.isScaled(grad) && Graph.isConstantFactor(grad.input(0)) ? grad.input(1) : grad;
            if (!target.inputs().isEmpty() && target.name().isEmpty() && target.hint().isEmpty()) {
                String hint = "d" + forward.name().get();
                if (g.isUsedName(hint)) { // a second-order gradient is not the first-order dZ
                    hint = cost.name().map(c -> "d" + c + "_d" + forward.name().get()).orElse(null);
                }
                if (hint != null && !g.isUsedName(hint)) {
                    g.hint(target, hint);
                }
            }
        }
    }

    /**
     * Names the gradient of {@code wrt} {@code d<wrt>}; when that name is taken (a second-order
     * gradient, or the gradient of another output) {@code d<cost>_d<wrt>}, or with a number: never
     * the name of another gradient.
     */
    private static void nameGradient(Graph g, Node cost, Node grad, String wrt) {
        if (grad.inputs().isEmpty() || grad.name().isPresent()) {
            return;
        }
        String name = "d" + wrt;
        if (!g.isFree(name) && cost.name().isPresent()) {
            name = "d" + cost.name().get() + "_d" + wrt;
        }
        for (int k = 2; !g.isFree(name); k++) {
            name = "d" + wrt + "_" + k;
        }
        grad.named(name);
    }
}
