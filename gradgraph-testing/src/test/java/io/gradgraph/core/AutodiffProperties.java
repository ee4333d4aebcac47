package io.gradgraph.core;

import io.gradgraph.testing.Gradcheck;
import io.gradgraph.testing.RandomGraphs;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Autodiff agrees with central differences on random graphs over the whole op catalogue. */
class AutodiffProperties {
    /**
     * Every entry (a projection could hide one wrong entry); zero gradients are legitimate here (a
     * relu can switch a parameter off).
     */
    private static final Gradcheck CHECK = Gradcheck.full().allowingZeroGradients();

    @Provide
    Arbitrary<RandomGraphs.Case> graphs() {
        return RandomGraphs.cases();
    }

    @Property(tries = 300, seed = "20261124")
    void gradientsMatchCentralDifferences(@ForAll("graphs") RandomGraphs.Case c) {
        Assume.that(c.differentiable() && c.distanceToKinks() > 1e-3);
        Gradcheck.Report report = CHECK.check(c.cost(), c.bindings(), c.parameters());
        if (!report.passed()) {
            throw new AssertionError(c + "\n" + report);
        }
    }

    /** The gradient is a graph: differentiating it again gives Hessian-vector products. */
    @Property(tries = 120, seed = "11235813")
    void hessianVectorProductsMatchDifferencesOfTheGradient(@ForAll("graphs") RandomGraphs.Case c) {
        Assume.that(c.secondOrder() && c.distanceToKinks() > 1e-3);
        Gradcheck.Report report = CHECK.checkSecondOrder(c.cost(), c.bindings(), c.parameters());
        if (!report.passed()) {
            throw new AssertionError(c + "\n" + report);
        }
    }
}
