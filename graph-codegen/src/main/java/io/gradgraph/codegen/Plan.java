package io.gradgraph.codegen;

import io.gradgraph.core.Lowering;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;
import java.util.List;
import java.util.Map;

/**
 * What {@link FusionPlanner} decided for a set of outputs, and all the {@link JavaEmitter} needs:
 * the steps in order (fused loops, kernel calls, copies), where every value lives, and how every
 * reader reads each of its inputs.
 */
record Plan(
        /** Distinct outputs, in the order requested. */
        List<Node> outputs,
        /** Inputs and parameters the outputs depend on, in creation order. */
        List<Node> inputs,
        /** Constant matrices, emitted as static arrays. */
        List<Node> constants,
        /** Symbolic sizes such as {@code m}, in order of first appearance. */
        List<String> sizes,
        List<Step> steps,
        Map<Node, Kind> kinds,
        /** Each node's {@link Lowering}. */
        Map<Node, Lowering> lowerings,
        /** Where each value that is read from memory lives (sources, stored values, products). */
        Map<Node, Storage> storage,
        /** Reader → how it reads each of its inputs, in input order. */
        Map<Node, List<Read>> reads,
        /** The nodes sharing each scratch buffer, by buffer index. */
        List<List<Node>> temps) {

    /** The nodes computed by calling their op at run time ({@link Step.Call}), in step order. */
    List<Node> calls() {
        return steps.stream().filter(Step.Call.class::isInstance).map(s -> ((Step.Call) s).node()).toList();
    }

    /** What the generated code does with a node. */
    enum Kind {
        /** An input or parameter (a method argument), or a constant matrix (a static array). */
        SOURCE,
        /** A value written in place: a fill constant or {@code 1/m}. */
        INLINE,
        /** A transpose or broadcast: an index change for whoever reads it, never a copy. */
        VIEW,
        /** An elementwise op or a sum, computed inside a loop. */
        ELEMENT,
        /** A matrix product, computed by the kernel. */
        PRODUCT,
        /** An op without a lowering: the generated code calls its {@code evaluate} at run time. */
        CALL
    }

    /** One read: {@code reader} sees one of its inputs through {@code access}. */
    record Read(Node reader, Access access) {
    }

    /** A step of the generated code. */
    sealed interface Step {
        /**
         * One loop over {@code space} computing {@code members} (in id order) elementwise; sums among
         * them accumulate in the same loop. {@code stored} members are written to memory, the others
         * live in a local variable for one iteration. The {@code epilogue} members (also among
         * {@code members}) use finished sums: they run at the end of each row (for sums along the
         * columns) or after the loop (for sums of everything).
         */
        record Loop(Shape space, List<Node> members, List<Node> stored, List<Node> epilogue) implements Step {
        }

        /** {@code node = op(a)·op(b)} by the kernel, with transposes as flags. */
        record Product(Node node, Access a, Access b) implements Step {
        }

        /**
         * {@code node = op.evaluate(inputs)} by the op instance handed to the generated class (an op
         * with {@link Lowering.Call}); each input is read as stored ({@code inputs} are identities).
         */
        record Call(Node node, List<Access> inputs) implements Step {
        }

        /** An output that is an input, a parameter or a constant matrix, copied out. */
        record Copy(Node output) implements Step {
        }
    }

    /** Where a value lives. */
    sealed interface Storage {
        /** The run method's array argument for an input or parameter. */
        record Input(int index) implements Storage {
        }

        /** A static array holding a constant matrix. */
        record Constant(int index) implements Storage {
        }

        /** The run method's array argument for an output (also used as scratch before it is written). */
        record Output(int index) implements Storage {
        }

        /** A scratch buffer (a field, grown on demand). */
        record Temp(int index) implements Storage {
        }

        /** A 1×1 value kept in a {@code double} field between steps. */
        record Scalar() implements Storage {
        }
    }
}
