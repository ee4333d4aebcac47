package io.gradgraph.testing;

import io.gradgraph.core.Dim;
import io.gradgraph.kernel.PortableMath;
import io.gradgraph.core.Shape;
import java.util.List;
import java.util.Optional;

/**
 * Every op of graph-core, once: how to build it, where its inputs may lie (kinks and poles
 * avoided), whether it has checkable second derivatives, and its scalar definition. The project's
 * op tests (values and gradients per op), the bulk-evaluation test (every elementwise op and those
 * its gradient uses) and {@link RandomGraphs} (gradients, second order and generated code on random
 * graphs) all derive from this list, so adding an op is one entry here.
 */
public final class OpCatalogue {
    private OpCatalogue() {
    }

    private static final List<OpEntry> ALL = List.of(
            OpEntry.unary("neg", Domain.REAL, (g, x) -> g.neg(x), v -> -v[0]),
            OpEntry.unary("exp", Domain.BOUNDED, (g, x) -> g.exp(x), v -> PortableMath.exp(v[0])),
            OpEntry.unary("log", Domain.POSITIVE, (g, x) -> g.log(x), v -> Math.log(v[0])),
            OpEntry.unary("sqrt", Domain.POSITIVE, (g, x) -> g.sqrt(x), v -> Math.sqrt(v[0])),
            OpEntry.unary("square", Domain.REAL, (g, x) -> g.square(x), v -> v[0] * v[0]),
            OpEntry.unary("pow 3", Domain.BOUNDED, (g, x) -> g.pow(x, 3), v -> v[0] * v[0] * v[0]),
            OpEntry.unary("pow 0.5", Domain.POSITIVE, (g, x) -> g.pow(x, 0.5), v -> Math.sqrt(v[0])),
            OpEntry.unary("pow -1.5", Domain.POSITIVE, (g, x) -> g.pow(x, -1.5), v -> Math.pow(v[0], -1.5)),
            OpEntry.unary("tanh", Domain.REAL, (g, x) -> g.tanh(x), v -> PortableMath.tanh(v[0])),
            OpEntry.unary("sigmoid", Domain.REAL, (g, x) -> g.sigmoid(x), v -> 1 / (1 + PortableMath.exp(-v[0]))),
            OpEntry.unary("relu", Domain.REAL.avoiding(0), (g, x) -> g.relu(x), v -> Math.max(v[0], 0)),
            OpEntry.unary("leaky relu", Domain.REAL.avoiding(0), (g, x) -> g.leakyRelu(x, 0.01),
                    v -> v[0] > 0 ? v[0] : 0.01 * v[0]),
            OpEntry.unary("abs", Domain.REAL.avoiding(0), (g, x) -> g.abs(x), v -> Math.abs(v[0])),
            OpEntry.unary("softplus", Domain.REAL, (g, x) -> g.softplus(x),
                    v -> Math.max(v[0], 0) + PortableMath.log1p(PortableMath.exp(-Math.abs(v[0])))),
            OpEntry.unary("sin", Domain.REAL, (g, x) -> g.sin(x), v -> StrictMath.sin(v[0])),
            OpEntry.unary("cos", Domain.REAL, (g, x) -> g.cos(x), v -> StrictMath.cos(v[0])),
            OpEntry.unary("clip", Domain.REAL.avoiding(-0.5, 0.75), (g, x) -> g.clip(x, -0.5, 0.75),
                    v -> Math.min(Math.max(v[0], -0.5), 0.75)),
            OpEntry.unary("stop gradient", Domain.REAL, (g, x) -> g.stopGradient(x), v -> v[0])
                    .smoothness(OpEntry.Smoothness.NONE),
            OpEntry.binary("add", Domain.REAL, Domain.REAL, (g, a, b) -> g.add(a, b), v -> v[0] + v[1]),
            OpEntry.binary("sub", Domain.REAL, Domain.REAL, (g, a, b) -> g.sub(a, b), v -> v[0] - v[1]),
            OpEntry.binary("mul", Domain.REAL, Domain.REAL, (g, a, b) -> g.mul(a, b), v -> v[0] * v[1]),
            OpEntry.binary("div", Domain.REAL, Domain.NONZERO, (g, a, b) -> g.div(a, b), v -> v[0] / v[1]),
            // one entry for both: alone, a broadcast operand that never wins would get an all-zero gradient
            OpEntry.binary("maximum and minimum", Domain.REAL, Domain.REAL,
                    (g, a, b) -> g.sub(g.maximum(a, b), g.mul(g.constant(2), g.minimum(a, b))),
                    v -> Math.max(v[0], v[1]) - 2 * Math.min(v[0], v[1])),
            OpEntry.binary("binary cross-entropy", Domain.PROBABILITY, Domain.LABEL,
                    (g, a, y) -> g.binaryCrossEntropy(a, y),
                    v -> -(v[1] * Math.log(v[0]) + (1 - v[1]) * Math.log(1 - v[0]))),
            OpEntry.binary("sigmoid cross-entropy", Domain.REAL, Domain.LABEL,
                    (g, z, y) -> g.binaryCrossEntropy(g.sigmoid(z), y),
                    v -> Math.max(v[0], 0) - v[0] * v[1] + PortableMath.log1p(PortableMath.exp(-Math.abs(v[0])))),
            OpEntry.structural("transpose", (g, x) -> g.transpose(x)),
            OpEntry.structural("sum", (g, x) -> g.sum(x)),
            OpEntry.structural("sum axis 0", (g, x) -> g.sum(x, 0, true)),
            OpEntry.structural("sum axis 1", (g, x) -> g.sum(x, 1, true)),
            OpEntry.structural("sum axis 1 no keepdims", (g, x) -> g.sum(x, 1, false)),
            OpEntry.structural("mean", (g, x) -> g.mean(x)),
            OpEntry.structural("mean axis 0", (g, x) -> g.mean(x, 0, true)),
            OpEntry.structural("mean axis 1", (g, x) -> g.mean(x, 1, true)),
            OpEntry.structural("max", (g, x) -> g.max(x)),
            OpEntry.structural("max axis 0", (g, x) -> g.max(x, 0, true)),
            OpEntry.structural("max axis 1 no keepdims", (g, x) -> g.max(x, 1, false)),
            OpEntry.structural("min", (g, x) -> g.min(x)),
            OpEntry.structural("min axis 0", (g, x) -> g.min(x, 0, false)),
            OpEntry.structural("min axis 1", (g, x) -> g.min(x, 1, true)),
            OpEntry.structural("softmax", (g, x) -> g.softmax(x)),
            OpEntry.structural("log-sum-exp", (g, x) -> g.logSumExp(x)),
            new OpEntry("softmax cross-entropy", List.of(OpEntry.Operand.anchor(Domain.REAL),
                    OpEntry.Operand.parameter(Domain.LABEL, anchor -> anchor)),
                    (g, n) -> g.softmaxCrossEntropy(n.get(0), n.get(1)), OpEntry.Smoothness.TWICE, Optional.empty()),
            new OpEntry("matmul", List.of(
                    OpEntry.Operand.parameter(Domain.REAL, anchor -> new Shape(Dim.of(3), anchor.rows())),
                    OpEntry.Operand.anchor(Domain.REAL)),
                    (g, n) -> g.matmul(n.get(0), n.get(1)), OpEntry.Smoothness.TWICE, Optional.empty()));

    /** Every op, in a fixed order. */
    public static List<OpEntry> all() {
        return ALL;
    }

    /** The entry with this name. */
    public static OpEntry named(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no op '" + name + "' in the catalogue; there are "
                        + ALL.stream().map(OpEntry::name).toList()));
    }
}
