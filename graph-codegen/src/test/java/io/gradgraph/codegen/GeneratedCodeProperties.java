package io.gradgraph.codegen;

import io.gradgraph.core.Executable;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Node;
import io.gradgraph.testing.Agreement;
import io.gradgraph.testing.Gradcheck;
import io.gradgraph.testing.RandomGraphs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated code against the interpreter, and gradients through generated code, on random graphs
 * over the whole op catalogue. With the 40 graphs of the backend contract
 * ({@link CompiledBackendContractTest}) that makes 200 random graphs through generated code.
 */
class GeneratedCodeProperties {

    @Provide
    Arbitrary<RandomGraphs.Case> graphs() {
        return RandomGraphs.cases();
    }

    /** The cost, every intermediate and every parameter gradient, through both executors, bit for bit. */
    @Property(tries = 160, seed = "4242")
    void generatedCodeEqualsTheInterpreter(@ForAll("graphs") RandomGraphs.Case c) {
        Gradients grads = c.graph().gradients(c.cost(), c.parameters());
        LinkedHashSet<Node> outputs = new LinkedHashSet<>();
        outputs.add(c.cost());
        outputs.addAll(c.intermediates());
        outputs.addAll(grads.nodes());
        Executable compiled = CompiledGraph.compile(new ArrayList<>(outputs));
        List<String> differences = Agreement.differences(compiled, c.bindings());
        if (!differences.isEmpty()) {
            throw new AssertionError(c + "\n" + String.join("\n", differences) + "\n" + ((CompiledGraph) compiled).source());
        }
    }

    /** Gradient check through compiled code: central differences of the compiled cost. */
    @Property(tries = 40, seed = "777")
    void compiledGradientsMatchCentralDifferencesOfCompiledCost(@ForAll("graphs") RandomGraphs.Case c) {
        Assume.that(c.differentiable() && c.distanceToKinks() > 1e-3);
        Gradcheck.Report report = Gradcheck.full().allowingZeroGradients().withBackend(new CompiledBackend())
                .check(c.cost(), c.bindings(), c.parameters());
        if (!report.passed()) {
            throw new AssertionError(c + "\n" + report);
        }
    }
}
