package io.gradgraph.testing;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Bindings;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * "This executable agrees with the interpreter, bit for bit": every output of an {@link Executable}
 * (generated code, a user's backend) against {@link Interpreter} on the same bindings. Values are
 * compared as {@link Double#doubleToLongBits} (so {@code 0.0} and {@code −0.0} differ, and any NaN
 * equals any NaN).
 *
 * <pre>{@code
 * Agreement.assertAgreesWithInterpreter(Backend.compiled().compile(List.of(J, dW)), bindings);
 * }</pre>
 */
public final class Agreement {
    private static final int SHOWN = 10;

    private Agreement() {
    }

    /** Compiles {@code outputs} with {@code backend} and compares it with the interpreter. */
    public static void assertAgreesWithInterpreter(Backend backend, List<Node> outputs, Bindings bindings) {
        Executable executable = backend.compile(outputs);
        List<String> differences = differences(executable, bindings);
        if (!differences.isEmpty()) {
            throw new AssertionError(message(backend.name(), executable, differences));
        }
    }

    /** Runs {@code executable} and the interpreter on {@code bindings}; fails naming the differing entries. */
    public static void assertAgreesWithInterpreter(Executable executable, Bindings bindings) {
        List<String> differences = differences(executable, bindings);
        if (!differences.isEmpty()) {
            throw new AssertionError(message(executable.getClass().getSimpleName(), executable, differences));
        }
    }

    /**
     * Every disagreement of {@code executable} with the interpreter, one line each (a shape, or an
     * entry with both values and their distance in ulps); empty when they agree bit for bit.
     */
    public static List<String> differences(Executable executable, Bindings bindings) {
        List<Node> outputs = executable.outputs();
        Map<Node, DMatrixRMaj> expected = copy(Interpreter.of(outputs).run(bindings), outputs);
        Results actual = executable.run(bindings);
        List<String> differences = new ArrayList<>();
        for (Node n : outputs) {
            DMatrixRMaj x = expected.get(n);
            DMatrixRMaj a = actual.get(n);
            if (x.numRows != a.numRows || x.numCols != a.numCols) {
                differences.add(n.label() + ": shape " + a.numRows + "×" + a.numCols + ", the interpreter's "
                        + x.numRows + "×" + x.numCols);
                continue;
            }
            for (int i = 0; i < x.getNumElements(); i++) {
                if (Double.doubleToLongBits(x.data[i]) != Double.doubleToLongBits(a.data[i])) {
                    differences.add(n.label() + "[" + i / x.numCols + "," + i % x.numCols + "]: " + a.data[i]
                            + ", the interpreter's " + x.data[i] + ulps(x.data[i], a.data[i]));
                }
            }
        }
        return differences;
    }

    private static String ulps(double x, double a) {
        if (!Double.isFinite(x) || !Double.isFinite(a) || Math.signum(x) != Math.signum(a)) {
            return "";
        }
        return " (" + Math.abs(Double.doubleToLongBits(x) - Double.doubleToLongBits(a)) + " ulps)";
    }

    private static String message(String who, Executable executable, List<String> differences) {
        StringBuilder b = new StringBuilder(who + " disagrees with the interpreter in " + differences.size()
                + " place(s) over outputs " + executable.outputs().stream().map(Node::label).toList() + ":");
        differences.stream().limit(SHOWN).forEach(d -> b.append("\n  ").append(d));
        if (differences.size() > SHOWN) {
            b.append("\n  … and ").append(differences.size() - SHOWN).append(" more");
        }
        return b.toString();
    }

    private static Map<Node, DMatrixRMaj> copy(Results results, List<Node> nodes) {
        Map<Node, DMatrixRMaj> copy = new LinkedHashMap<>();
        for (Node n : nodes) {
            copy.put(n, results.get(n).copy());
        }
        return copy;
    }
}
