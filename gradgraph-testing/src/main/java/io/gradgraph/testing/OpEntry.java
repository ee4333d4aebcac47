package io.gradgraph.testing;

import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One op of the {@link OpCatalogue}: how to build it from operand nodes, where each operand may lie,
 * which of its derivatives can be checked, and (for elementwise ops) its scalar definition.
 *
 * <pre>{@code
 * OpEntry.unary("softplus", Domain.REAL, (g, x) -> g.softplus(x), x -> Math.log1p(Math.exp(x)))
 * }</pre>
 *
 * @param name        for test names and messages, e.g. {@code "leaky relu"}
 * @param operands    the inputs, in the order {@code build} takes them; exactly one is the anchor
 * @param build       builds the op on the operand nodes
 * @param smoothness  which derivatives central differences can check
 * @param reference   for elementwise ops, the value of one output element from its input elements
 *                    (broadcast); empty for structural ops
 */
public record OpEntry(String name, List<Operand> operands, Builder build, Smoothness smoothness,
        Optional<Reference> reference) {

    /** Which derivatives of an op central differences can check (inside its domain). */
    public enum Smoothness {
        /** Gradients and Hessian-vector products (the default). */
        TWICE,
        /** Gradients only: the gradient graph has no checkable derivative of its own. */
        ONCE,
        /**
         * None: the gradient is not the derivative by design (a stop-gradient) or is zero (a step).
         * The op still gets value, bulk-evaluation and generated-code coverage.
         */
        NONE
    }

    public OpEntry {
        operands = List.copyOf(operands);
        if (operands.stream().filter(o -> o.kind() == Operand.Kind.ANCHOR).count() != 1) {
            throw new IllegalArgumentException(name + ": exactly one operand must be the anchor, got " + operands);
        }
    }

    /** Builds an op from its operand nodes. */
    @FunctionalInterface
    public interface Builder {
        Node build(Graph g, List<Node> operands);
    }

    /** An elementwise op's scalar definition: one output element from the operands' elements. */
    @FunctionalInterface
    public interface Reference {
        double apply(double... operands);
    }

    /** An elementwise unary op on the given domain, with its scalar definition. */
    public static OpEntry unary(String name, Domain domain, UnaryBuilder build, Reference reference) {
        return new OpEntry(name, List.of(Operand.anchor(domain)), (g, n) -> build.build(g, n.get(0)),
                Smoothness.TWICE, Optional.of(reference));
    }

    /** A unary op without a scalar definition (transpose, reductions, views), on any real input. */
    public static OpEntry structural(String name, UnaryBuilder build) {
        return new OpEntry(name, List.of(Operand.anchor(Domain.REAL)), (g, n) -> build.build(g, n.get(0)),
                Smoothness.TWICE, Optional.empty());
    }

    /** An elementwise binary op whose operands broadcast against each other, with its scalar definition. */
    public static OpEntry binary(String name, Domain first, Domain second, BinaryBuilder build, Reference reference) {
        return new OpEntry(name, List.of(Operand.anchor(first), Operand.broadcast(second)),
                (g, n) -> build.build(g, n.get(0), n.get(1)), Smoothness.TWICE, Optional.of(reference));
    }

    /** This entry with the given smoothness, e.g. {@code .smoothness(Smoothness.ONCE)}. */
    public OpEntry smoothness(Smoothness checked) {
        return new OpEntry(name, operands, build, checked, reference);
    }

    /** Builds a unary op. */
    @FunctionalInterface
    public interface UnaryBuilder {
        Node build(Graph g, Node x);
    }

    /** Builds a binary op. */
    @FunctionalInterface
    public interface BinaryBuilder {
        Node build(Graph g, Node a, Node b);
    }

    /**
     * An operand: the anchor (the node the op is applied to, of any shape), a partner whose shape
     * broadcasts with the anchor's, or a new parameter whose shape follows from the anchor's (a
     * matmul's weight).
     */
    public record Operand(Kind kind, Domain domain, UnaryOperator<Shape> shapeFromAnchor) {
        public enum Kind { ANCHOR, BROADCAST, PARAMETER }

        public static Operand anchor(Domain domain) {
            return new Operand(Kind.ANCHOR, domain, UnaryOperator.identity());
        }

        public static Operand broadcast(Domain domain) {
            return new Operand(Kind.BROADCAST, domain, UnaryOperator.identity());
        }

        public static Operand parameter(Domain domain, UnaryOperator<Shape> shapeFromAnchor) {
            return new Operand(Kind.PARAMETER, domain, shapeFromAnchor);
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + " (" + domain + ")";
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
