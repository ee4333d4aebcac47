package io.gradgraph.codegen;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import io.gradgraph.core.ShallowNetwork;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;

/** Shared test data: the course's shallow network with random data and parameters. */
final class Fixtures {
    private Fixtures() {
    }

    /** J and all gradients, then A2: the outputs of a training step plus the prediction. */
    static List<Node> trainingOutputs(ShallowNetwork net) {
        return List.of(net.J, net.grads.of(net.W1), net.grads.of(net.b1), net.grads.of(net.W2),
                net.grads.of(net.b2), net.A2);
    }

    static Bindings shallowBindings(int nx, int nh, int m, long seed) {
        Random random = new Random(seed);
        DMatrixRMaj y = new DMatrixRMaj(1, m);
        for (int i = 0; i < m; i++) {
            y.data[i] = random.nextBoolean() ? 1 : 0;
        }
        return new Bindings()
                .set("X", random(random, nx, m, 2.0))
                .set("Y", y)
                .set("W1", random(random, nh, nx, 0.5))
                .set("b1", random(random, nh, 1, 0.1))
                .set("W2", random(random, 1, nh, 0.5))
                .set("b2", random(random, 1, 1, 0.1));
    }

    static DMatrixRMaj random(Random random, int rows, int cols, double scale) {
        DMatrixRMaj x = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = scale * (2 * random.nextDouble() - 1);
        }
        return x;
    }

    /** A copy of every result. */
    static java.util.Map<Node, DMatrixRMaj> copy(Results results) {
        java.util.Map<Node, DMatrixRMaj> copy = new java.util.LinkedHashMap<>();
        results.asMap().forEach((n, v) -> copy.put(n, v.copy()));
        return copy;
    }
}
