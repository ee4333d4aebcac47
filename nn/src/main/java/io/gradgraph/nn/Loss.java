package io.gradgraph.nn;

import io.gradgraph.core.Dim;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;

/**
 * A model's cost J: any scalar node built from the output and the labels. The built-in losses are
 * {@link PerExample}: J = (1/m)·Σ of per-example losses, which lets {@link GradientCheck} difference
 * the losses example by example (more precise than differencing two sums).
 *
 * <pre>{@code
 * Loss mine = (g, a, y) -> g.mul(g.inverseSize(Dim.symbol("m")), g.sum(g.pow(g.sub(a, y), 4)));   // any scalar
 * Loss squared = Loss.squaredError();                                                            // (1/m)·Σ ½(A − Y)²
 * }</pre>
 */
@FunctionalInterface
public interface Loss {

    /** The scalar cost of {@code output} against {@code labels} in {@code g}. */
    Node cost(Graph g, Node output, Node labels);

    /**
     * A loss that is the mean over the m examples of per-example losses: {@code J = (1/m)·Σ losses},
     * summed over all entries of the {@code k × m} losses.
     */
    interface PerExample extends Loss {
        /** The losses, one column per example (1 × m, or k × m summed over k too). */
        Node losses(Graph g, Node output, Node labels);

        @Override
        default Node cost(Graph g, Node output, Node labels) {
            return g.mul(g.inverseSize(Dim.symbol("m")), g.sum(losses(g, output, labels)));
        }
    }

    /**
     * The course's {@code −(Y log A + (1 − Y) log(1 − A))} per example; for a sigmoid output graph-core
     * computes it from the logits and differentiates it to {@code A − Y}.
     */
    static PerExample binaryCrossEntropy() {
        return new PerExample() {
            @Override
            public Node losses(Graph g, Node output, Node labels) {
                return g.binaryCrossEntropy(output, labels);
            }

            @Override
            public String toString() {
                return "binary cross-entropy";
            }
        };
    }

    /**
     * {@code −Σ_classes Y log A} per example, for one-hot labels Y (K × m); for a softmax output
     * {@code A = softmax(Z)} graph-core computes it stably from the logits and differentiates it to
     * {@code A − Y}.
     */
    static PerExample categoricalCrossEntropy() {
        return new PerExample() {
            @Override
            public Node losses(Graph g, Node output, Node labels) {
                return g.categoricalCrossEntropy(output, labels);
            }

            @Override
            public String toString() {
                return "categorical cross-entropy";
            }
        };
    }

    /** {@code ½‖A − Y‖²} per example (summed over the rows): squared-error regression or reconstruction. */
    static PerExample squaredError() {
        return new PerExample() {
            @Override
            public Node losses(Graph g, Node output, Node labels) {
                return g.mul(g.constant(0.5), g.square(g.sub(output, labels)));
            }

            @Override
            public String toString() {
                return "squared error";
            }
        };
    }
}
