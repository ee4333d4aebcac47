package io.gradgraph.core;

import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * An operation. Everything about an op lives in its class: the shape rule (with its error
 * message), evaluation on EJML matrices, the vector-Jacobian product expressed as new graph nodes,
 * its printed forms and its {@link Lowering} (what kind of computation it is and how generated Java
 * computes it). Interpreter, autodiff, printer and code generator dispatch through these methods.
 *
 * <p>Ops are values ({@code equals}/{@code hashCode}); a graph hash-conses nodes on (op, inputs).
 */
public interface Op {

    /** Short name used in error messages, e.g. {@code "matmul"}. */
    String name();

    /**
     * The output shape for these inputs, or a {@link GraphException} naming the op, the shapes and
     * the nodes when the inputs do not fit.
     */
    Shape shape(List<Node> inputs);

    /** Computes the output into {@code out}, which already has the output's run-time shape. */
    void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out);

    /**
     * {@link #evaluate(List, DMatrixRMaj)} with the run's symbolic sizes (e.g. {@code m}) bound, for
     * ops whose value depends on them; by default the sizes are not needed.
     */
    default void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out, Map<String, Integer> sizes) {
        evaluate(inputs, out);
    }

    /**
     * The gradient of the cost with respect to input {@code index}, given the node {@code out} that
     * applies this op and the gradient {@code grad} of the cost with respect to {@code out}. The
     * result may have the shape of {@code out} where the input was broadcast; autodiff sums it back
     * to the input's shape.
     */
    Node vjp(Graph g, Node out, Node grad, int index);

    /** The op's printed form from its printed arguments (see {@link EquationPrinter}). */
    Printed print(PrintContext ctx);

    /**
     * How generated code computes this op. By default {@link Lowering.Call}: generated code calls
     * {@link #evaluate} at run time, and build-time code generation refuses the graph, naming the op.
     */
    default Lowering lowering() {
        return new Lowering.Call();
    }
}
