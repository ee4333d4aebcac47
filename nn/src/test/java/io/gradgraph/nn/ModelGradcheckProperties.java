package io.gradgraph.nn;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.nn.data.Dataset;
import io.gradgraph.testing.Gradcheck;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The models' cost graphs, taken through the public API as a user's graph would be, pass the
 * testing kit's checks: every gradient entry against central differences, and (for smooth hidden
 * activations) Hessian-vector products against differences of gradients.
 */
class ModelGradcheckProperties {

    /** [n_x, n[1], …, n[L−1], 1] with L from 1 to 3 and widths 1 to 5. */
    @Provide
    Arbitrary<int[]> layerDims() {
        return Arbitraries.integers().between(1, 3).flatMap(layers ->
                Arbitraries.integers().between(1, 5).array(int[].class).ofSize(layers).map(widths -> {
                    int[] dims = Arrays.copyOf(widths, layers + 1);
                    dims[layers] = 1;
                    return dims;
                }));
    }

    @Property(seed = "20261207", tries = 40)
    void deepNetworkCostPassesTheKitsChecks(@ForAll("layerDims") int[] layerDims, @ForAll Activation hidden,
            @ForAll @IntRange(min = 1, max = 6) int m, @ForAll @LongRange(min = 0, max = 100_000) long seed) {
        DeepNetwork net = DeepNetwork.builder(layerDims).initializer(Initializer.XAVIER).hiddenActivation(hidden)
                .seed(seed).build();
        Dataset data = TestData.random(layerDims[0], m, seed + 1);
        Assume.that(TestData.distanceToKinks(net, data.x()) > 1e-3);
        Graph g = net.graph();
        Bindings bindings = new Bindings().set("X", data.x()).set("Y", data.y());
        net.parameters().forEach(bindings::set);
        List<Node> parameters = net.parameterNames().stream().map(g::require).toList();

        Gradcheck check = Gradcheck.full().allowingZeroGradients();
        check.assertMatches(net.costNode(), bindings, parameters);
        if (hidden == Activation.TANH || hidden == Activation.SIGMOID) {
            check.assertSecondOrderMatches(net.costNode(), bindings, parameters);
        }
    }
}
