package io.gradgraph.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints graphs as equations in the course's notation, as text or LaTeX.
 *
 * <p>A node gets its own equation when it is an output, has a name, or is used more than once;
 * everything else is written inline. Gradients are named after what they differentiate:
 * {@code dW1}, {@code dZ1}. For the course's shallow network the backward pass prints as
 * <pre>
 * dZ2 = A2 − Y
 * dW2 = (1/m) dZ2·A1ᵀ
 * db2 = (1/m) Σ_cols dZ2
 * dZ1 = W2ᵀ·dZ2 ∗ (1 − A1²)
 * dW1 = (1/m) dZ1·Xᵀ
 * db1 = (1/m) Σ_cols dZ1
 * </pre>
 */
public final class EquationPrinter {
    /**
     * Expressions nest at most this deep inline; a deeper node gets its own equation (a temporary),
     * so that printing a long chain takes linear time and no deep recursion. A backward equation
     * shows forward values inline up to twice this depth, then {@code …}.
     */
    static final int MAX_INLINE_DEPTH = 24;

    private final Notation notation;
    private final Set<Node> context;
    private final Map<Node, String> equationNames = new HashMap<>();
    private final Set<Node> referenced = new LinkedHashSet<>();
    private final Set<Node> withEquation = new HashSet<>();
    /** Unnamed nodes printed once as a temporary, {@code t1} (forward) or {@code u1} (backward). */
    private final Map<Node, Integer> temporaries = new HashMap<>();
    private final String temporaryLetter;
    private int printDepth;

    private EquationPrinter(Notation notation, Set<Node> context, String temporaryLetter) {
        this.notation = notation;
        this.context = context;
        this.temporaryLetter = temporaryLetter;
    }

    /** One printed equation, {@code lhs = rhs}. */
    public record Equation(Node node, String lhs, String rhs) {
        @Override
        public String toString() {
            return lhs + " = " + rhs;
        }
    }

    /** The forward equations of these outputs, one per line, in plain text. */
    public static String forward(Node... outputs) {
        return join(forward(Notation.TEXT, List.of(outputs)), Notation.TEXT);
    }

    /** The derived backward equations, one per line, in plain text. */
    public static String backward(Gradients gradients) {
        return join(backward(Notation.TEXT, gradients), Notation.TEXT);
    }

    /** The forward equations in LaTeX, one per line ending in {@code \\}. */
    public static String forwardLatex(Node... outputs) {
        return join(forward(Notation.LATEX, List.of(outputs)), Notation.LATEX);
    }

    /** The backward equations in LaTeX, one per line ending in {@code \\}. */
    public static String backwardLatex(Gradients gradients) {
        return join(backward(Notation.LATEX, gradients), Notation.LATEX);
    }

    /** The equations computing {@code outputs}, in topological order. */
    public static List<Equation> forward(Notation notation, List<Node> outputs) {
        EquationPrinter p = new EquationPrinter(notation, Set.of(), "t");
        List<Node> nodes = Graph.topologicalOrder(outputs);
        Set<Node> equations = p.equationNodes(nodes, outputs);
        List<Equation> printed = equations.stream().sorted(Comparator.comparingInt(Node::id)).map(p::equation).toList();
        if (p.referenced.isEmpty()) {
            return printed;
        }
        // Ops may refer to named nodes they do not depend on (the cross-entropy of Z2 names A2 = σ(Z2)).
        List<Node> extended = new ArrayList<>(outputs);
        extended.addAll(p.referenced);
        EquationPrinter again = new EquationPrinter(notation, Set.of(), "t");
        Set<Node> all = again.equationNodes(Graph.topologicalOrder(extended), outputs);
        all.addAll(p.referenced);
        again.withEquation.addAll(p.referenced);
        return all.stream().sorted(Comparator.comparingInt(Node::id)).map(again::equation).toList();
    }

    /**
     * The equations computing the gradients, ordered the way the course writes backprop: each
     * layer's {@code dZ} followed by the parameter gradients that use it.
     */
    public static List<Equation> backward(Notation notation, Gradients gradients) {
        Set<Node> forward = new HashSet<>();
        for (Node n : gradients.cost().graph().nodes()) {
            if (gradients.existedBefore(n)) {
                forward.add(n);
            }
        }
        EquationPrinter p = new EquationPrinter(notation, forward, "u");
        for (Map.Entry<Node, Node> e : gradients.requested().entrySet()) {
            Node grad = e.getValue();
            if (grad.name().isEmpty()) {
                p.equationNames.putIfAbsent(grad, "d" + e.getKey().label());
            }
        }
        Set<Node> special = new HashSet<>(); // printed last: zeros, and gradients that are forward nodes
        for (Map.Entry<Node, Node> e : gradients.requested().entrySet()) {
            if (gradients.isIndependent(e.getKey()) || forward.contains(e.getValue())) {
                special.add(e.getValue());
            }
        }
        List<Node> outputs = gradients.nodes().stream().filter(n -> !special.contains(n)).distinct().toList();
        // forward nodes are printed by name, or as a temporary of their own when the backward pass
        // uses them more than once
        Set<Node> equations = p.equationNodes(Graph.topologicalOrder(outputs), outputs);

        Map<Node, Integer> key = new HashMap<>();
        for (Node out : outputs) {
            int latest = Graph.topologicalOrder(List.of(out)).stream()
                    .filter(n -> n != out && equations.contains(n) && !forward.contains(n))
                    .mapToInt(Node::id).max().orElse(out.id());
            key.put(out, latest);
        }
        List<Node> ordered = new ArrayList<>(outputs);
        ordered.sort(Comparator.comparingInt(key::get)); // stable: ties keep the requested order
        Set<Node> emitted = new LinkedHashSet<>();
        for (Node out : ordered) {
            p.postorder(out, equations, emitted, new HashSet<>());
        }
        List<Equation> result = new ArrayList<>(emitted.stream().map(p::equation).toList());
        // gradients that are forward nodes or constants (zeros where the cost does not depend on the node)
        for (Map.Entry<Node, Node> e : gradients.requested().entrySet()) {
            Node grad = e.getValue();
            if (!special.contains(grad)) {
                continue;
            }
            String lhs = Names.format("d" + e.getKey().label(), notation);
            String rhs = p.reference(grad).text();
            if (rhs.equals(lhs) && !grad.inputs().isEmpty()) {
                rhs = p.equation(grad).rhs(); // built before, by an earlier gradients call
            }
            if (gradients.isIndependent(e.getKey())) {
                String why = gradients.cost().label() + " does not depend on " + e.getKey().label();
                rhs += notation == Notation.LATEX ? " \\quad \\text{(" + why.replace("_", "\\_") + ")}" : "  (" + why + ")";
            }
            result.add(new Equation(grad, lhs, rhs));
        }
        return result;
    }

    /** Adds the equations {@code root} depends on to {@code emitted}, inputs first (iteratively: graphs may be deep). */
    private void postorder(Node root, Set<Node> equations, Set<Node> emitted, Set<Node> visited) {
        java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> next = new java.util.ArrayDeque<>();
        if (context.contains(root) && root.name().isPresent() || !visited.add(root)) {
            return;
        }
        stack.push(root);
        next.push(0);
        while (!stack.isEmpty()) {
            Node n = stack.peek();
            int k = next.pop();
            if (k < n.inputs().size()) {
                next.push(k + 1);
                Node in = n.input(k);
                // forward nodes are referred to by name; unnamed ones are inline or temporaries
                if (!(context.contains(in) && in.name().isPresent()) && visited.add(in)) {
                    stack.push(in);
                    next.push(0);
                }
                continue;
            }
            stack.pop();
            if (equations.contains(n)) {
                emitted.add(n);
            }
        }
    }

    /**
     * Outputs, named nodes, and unnamed nodes that would otherwise be printed more than once (used
     * twice, or inside an expression printed twice), among {@code nodes} (a topological order).
     * Context nodes (the forward pass, when printing the backward one) are referred to by name and
     * never expanded, unless they are unnamed and used more than once.
     */
    private Set<Node> equationNodes(List<Node> nodes, List<Node> outputs) {
        Set<Node> result = new LinkedHashSet<>(outputs);
        Map<Node, Integer> occurrences = new HashMap<>();
        List<Node> shared = new ArrayList<>();
        for (int i = nodes.size() - 1; i >= 0; i--) { // consumers before their inputs
            Node n = nodes.get(i);
            int occurrence = occurrences.getOrDefault(n, 0);
            if (n.inputs().isEmpty() || occurrence == 0 && !result.contains(n)) {
                continue;
            }
            if (n.name().isPresent()) {
                if (context.contains(n)) {
                    continue; // a forward node printed by its name
                }
                result.add(n);
            } else if (occurrence > 1 && !isTrivial(n) && !result.contains(n)) {
                result.add(n);
                shared.add(n);
            }
            int each = result.contains(n) ? 1 : occurrence;
            for (Node in : n.inputs()) {
                occurrences.merge(in, each, (x, y) -> Math.min(x + y, 2));
            }
        }
        // an expression nested deeper than MAX_INLINE_DEPTH gets a temporary, so printing never recurses deeply
        Map<Node, Integer> depth = new HashMap<>();
        for (Node n : nodes) {
            if (n.inputs().isEmpty() || !occurrences.containsKey(n) && !result.contains(n)
                    || context.contains(n) && n.name().isPresent()) {
                continue;
            }
            int inlineDepth = 1;
            for (Node in : n.inputs()) {
                inlineDepth = Math.max(inlineDepth, 1 + depth.getOrDefault(in, 0));
            }
            if (inlineDepth > MAX_INLINE_DEPTH && !result.contains(n)) {
                result.add(n);
                if (n.name().isEmpty()) {
                    shared.add(n);
                }
            }
            if (!result.contains(n)) {
                depth.put(n, inlineDepth);
            }
        }
        shared.sort(Comparator.comparingInt(Node::id));
        for (Node n : shared) {
            if (!equationNames.containsKey(n)) {
                Optional<String> hint = n.hint();
                if (hint.isPresent()) {
                    equationNames.put(n, hint.get());
                } else {
                    temporaries.put(n, temporaries.size() + 1);
                    equationNames.put(n, temporaryLetter + temporaries.size());
                }
            }
        }
        withEquation.addAll(result);
        return result;
    }

    /**
     * Nodes that read better inline even when shared: views such as {@code W2ᵀ} of a leaf, broadcasts,
     * constant factors such as {@code (2/m)}.
     */
    private static boolean isTrivial(Node n) {
        return n.op().lowering() instanceof Lowering.View v && (!v.transposes() || n.input(0).inputs().isEmpty())
                || ScalarConstant.isConstant(n);
    }

    private Equation equation(Node n) {
        return new Equation(n, name(n), n.op().print(context(n, true)).text());
    }

    private String name(Node n) {
        Integer temporary = temporaries.get(n);
        if (temporary != null && n.name().isEmpty()) { // t_{1} in LaTeX: a temporary is not layer 1
            return notation == Notation.LATEX ? temporaryLetter + "_{" + temporary + "}" : temporaryLetter + temporary;
        }
        String raw = n.name().orElseGet(() -> equationNames.getOrDefault(n, n.label()));
        return Names.format(raw, notation);
    }

    /** A reference to a node: its name when it has one or its own equation, otherwise the expression. */
    private Printed reference(Node n) {
        if (n.name().isPresent() || withEquation.contains(n)) {
            return Printed.atom(name(n));
        }
        if (printDepth >= 2 * MAX_INLINE_DEPTH) {
            return Printed.atom("…"); // a deep forward expression inside a backward equation
        }
        printDepth++;
        try {
            return n.op().print(context(n, false));
        } finally {
            printDepth--;
        }
    }

    private PrintContext context(Node n, boolean defining) {
        return new PrintContext() {
            public Node node() { return n; }
            public Notation notation() { return notation; }
            public Printed arg(int index) { return reference(n.input(index)); }
            public Printed print(Node other) {
                if (other.name().isPresent() && !other.inputs().isEmpty()) {
                    referenced.add(other);
                }
                return reference(other);
            }
        };
    }

    private static String join(List<Equation> equations, Notation notation) {
        String separator = notation == Notation.LATEX ? " \\\\\n" : "\n";
        return equations.stream().map(Equation::toString).collect(Collectors.joining(separator));
    }
}
