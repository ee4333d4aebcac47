package io.gradgraph.examples.docs;

// BEGIN SNIPPET docs/testing.md
import io.gradgraph.core.Backend;
import io.gradgraph.core.Bindings;
import io.gradgraph.core.Node;
import io.gradgraph.testing.Agreement;
import io.gradgraph.testing.Gradcheck;
import io.gradgraph.testing.GraphArbitraries;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TinyRegressionProperties {

    /** Values for X, Y, W1, b1, W2 and b2 drawn from their shapes, with m from 1 to 5. */
    @Provide
    Arbitrary<Bindings> points() {
        return GraphArbitraries.bindings(List.of(new TinyRegression().J));
    }

    @Property(tries = 50, seed = "42")
    void gradientsMatchCentralDifferences(@ForAll("points") Bindings point) {
        TinyRegression model = new TinyRegression();
        Gradcheck.full().assertMatches(model.J, point, model.parameters());
    }

    @Property(tries = 30, seed = "43")
    void hessianVectorProductsMatchDifferencesOfGradients(@ForAll("points") Bindings point) {
        TinyRegression model = new TinyRegression();
        Gradcheck.full().assertSecondOrderMatches(model.J, point, model.parameters());
    }

    @Property(tries = 5, seed = "44")
    void generatedCodeAgreesWithTheInterpreterBitForBit(@ForAll("points") Bindings point) {
        TinyRegression model = new TinyRegression();
        List<Node> outputs = new ArrayList<>(List.of(model.J, model.A1));
        outputs.addAll(model.g.gradients(model.J, model.parameters()).nodes());
        Agreement.assertAgreesWithInterpreter(Backend.compiled(), outputs, point);
    }
}
// END SNIPPET
