package io.gradgraph.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Executable;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Node;
import io.gradgraph.core.NumericGradients;
import io.gradgraph.core.RandomGraphs;
import io.gradgraph.core.Results;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ejml.data.DMatrixRMaj;

/** Generated code against the interpreter, and gradients through generated code, on random graphs. */
class GeneratedCodeProperties {
    private static final double RELATIVE = 1e-12;

    @Provide
    Arbitrary<RandomGraphs.Case> graphs() {
        return RandomGraphs.cases();
    }

    /** The cost, every intermediate and every parameter gradient, through both executors. */
    @Property(tries = 200, seed = "4242")
    void generatedCodeEqualsTheInterpreter(@ForAll("graphs") RandomGraphs.Case c) {
        Gradients grads = c.graph().gradients(c.cost(), c.parameters());
        LinkedHashSet<Node> outputs = new LinkedHashSet<>();
        outputs.add(c.cost());
        outputs.addAll(c.intermediates());
        outputs.addAll(grads.nodes());
        List<Node> list = new ArrayList<>(outputs);

        Map<Node, DMatrixRMaj> expected = Fixtures.copy(Interpreter.of(list).run(c.bindings()));
        Executable compiled = CompiledGraph.compile(list);
        Results actual = compiled.run(c.bindings());
        List<String> failures = new ArrayList<>();
        for (Node n : list) {
            DMatrixRMaj x = expected.get(n);
            DMatrixRMaj a = actual.get(n);
            if (x.numRows != a.numRows || x.numCols != a.numCols) {
                failures.add(n.label() + ": shape " + a.numRows + "×" + a.numCols + ", expected " + x.numRows + "×"
                        + x.numCols);
                continue;
            }
            for (int i = 0; i < x.getNumElements(); i++) {
                if (!close(x.data[i], a.data[i])) {
                    failures.add(n.label() + "[" + i + "]: interpreter " + x.data[i] + ", generated " + a.data[i]);
                }
            }
        }
        assertTrue(failures.isEmpty(), () -> c + "\n" + String.join("\n", failures) + "\n"
                + ((CompiledGraph) compiled).source());
    }

    /** Within 1e-12 relative (both NaN, or both the same infinity, count as equal). */
    static boolean close(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual) || Double.isInfinite(expected)) {
            return Double.compare(expected, actual) == 0 || Double.isNaN(expected) && Double.isNaN(actual);
        }
        return Math.abs(expected - actual) <= RELATIVE * Math.max(Math.abs(expected), Math.abs(actual));
    }

    /** Gradient check through compiled code: central differences of the compiled cost. */
    @Property(tries = 40, seed = "777")
    void compiledGradientsMatchCentralDifferencesOfCompiledCost(@ForAll("graphs") RandomGraphs.Case c) {
        Assume.that(NumericGradients.distanceToKinks(List.of(c.cost()), c.bindings()) > 1e-3);
        Gradients grads = c.graph().gradients(c.cost(), c.parameters());
        Executable costRun = CompiledGraph.compile(List.of(c.cost()));
        Map<Node, DMatrixRMaj> analytic = Fixtures.copy(CompiledGraph.compile(grads.nodes()).run(c.bindings()));
        for (Node p : c.parameters()) {
            DMatrixRMaj numeric = NumericGradients.centralDifference(costRun, c.cost(), c.bindings(), p, 1e-6);
            double error = NumericGradients.relativeError(analytic.get(grads.of(p)), numeric, 1e-2);
            assertTrue(error <= 1e-6, () -> c + "\n d/d" + p.label() + ": relative error " + error);
        }
    }
}
