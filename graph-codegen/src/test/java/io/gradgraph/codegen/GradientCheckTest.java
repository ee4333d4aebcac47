package io.gradgraph.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import io.gradgraph.core.ShallowNetwork;
import io.gradgraph.testing.NumericGradients;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The course's gradient check, run entirely through generated code. */
class GradientCheckTest {

    @Test
    void shallowNetworkGradientsPassTheCoursesCheck() {
        ShallowNetwork net = new ShallowNetwork(3, 5);
        Bindings bindings = Fixtures.shallowBindings(3, 5, 50, 11);
        Executable step = CompiledGraph.compile(Fixtures.trainingOutputs(net));
        Executable cost = CompiledGraph.compile(List.of(net.J));
        Results analytic = step.run(bindings);
        for (Node p : List.of(net.W1, net.b1, net.W2, net.b2)) {
            DMatrixRMaj expected = analytic.get(net.grads.of(p)).copy();
            DMatrixRMaj numeric = NumericGradients.centralDifference(cost, net.J, bindings, p, 1e-7);
            double error = NumericGradients.relativeError(expected, numeric, 0);
            assertTrue(error < 1e-7, () -> "d" + p.label() + ": relative error " + error);
        }
    }
}
