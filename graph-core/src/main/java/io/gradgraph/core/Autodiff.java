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
        Graph g = cost.graph();
        if (!cost.shape().isScalar()) {
            throw new GraphException("gradients: the cost must be 1×1, but " + cost.label() + " is " + cost.shape()
                    + " (reduce it with sum or mean first)");
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
        grads.put(cost, g.ones(cost.shape()));
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
        for (Node w : wrt) {
            requested.put(w, grads.getOrDefault(w, g.zeros(w.shape())));
        }
        nameGradients(g, requested, all);
        return new Gradients(cost, requested, all, firstNew);
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
    private static void nameGradients(Graph g, Map<Node, Node> requested, Map<Node, Node> all) {
        for (Map.Entry<Node, Node> e : requested.entrySet()) {
            e.getKey().name().ifPresent(name -> nameIfFree(g, e.getValue(), "d" + name));
        }
        for (Map.Entry<Node, Node> e : all.entrySet()) {
            Node forward = e.getKey();
            if (requested.containsKey(forward) || forward.inputs().isEmpty() || forward.name().isEmpty()) {
                continue;
            }
            Node grad = e.getValue();
            Node target = Graph.isScaled(grad) && Graph.isConstantFactor(grad.input(0)) ? grad.input(1) : grad;
            if (!target.inputs().isEmpty() && target.name().isEmpty()) {
                g.hint(target, "d" + forward.name().get());
            }
        }
    }

    private static void nameIfFree(Graph g, Node node, String name) {
        if (!node.inputs().isEmpty() && node.name().isEmpty() && g.isFree(name)) {
            node.named(name);
        }
    }
}
