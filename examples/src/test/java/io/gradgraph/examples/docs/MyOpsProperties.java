package io.gradgraph.examples.docs;

// BEGIN SNIPPET docs/testing.md
import io.gradgraph.testing.Domain;
import io.gradgraph.testing.Gradcheck;
import io.gradgraph.testing.OpCatalogue;
import io.gradgraph.testing.OpEntry;
import io.gradgraph.testing.RandomGraphs;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MyOpsProperties {

    /** Random graphs over every op of graph-core and the user's own building blocks. */
    @Provide
    Arbitrary<RandomGraphs.Case> graphs() {
        List<OpEntry> ops = new ArrayList<>(OpCatalogue.all());
        ops.add(OpEntry.unary("softsign", Domain.REAL, (g, x) -> g.div(x, g.add(g.constant(1), g.square(x))),
                v -> v[0] / (1 + v[0] * v[0])));
        return RandomGraphs.cases(ops);
    }

    @Property(tries = 40, seed = "7")
    void gradientsMatchOnRandomGraphs(@ForAll("graphs") RandomGraphs.Case c) {
        Assume.that(c.differentiable() && c.distanceToKinks() > 1e-3);
        Gradcheck.full().allowingZeroGradients().assertMatches(c.cost(), c.bindings(), c.parameters());
    }
}
// END SNIPPET
