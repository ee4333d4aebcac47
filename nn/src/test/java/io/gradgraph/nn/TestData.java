package io.gradgraph.nn;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import io.gradgraph.nn.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/** Small data sets and helpers shared by the tests. */
final class TestData {
    private TestData() {
    }

    /** Features uniform in [−1, 1) and 0/1 labels, n×m and 1×m, from numpy's generator. */
    static Dataset random(int features, int examples, long seed) {
        NumpyRandom rng = new NumpyRandom(seed);
        DMatrixRMaj x = rng.rand(features, examples);
        for (int i = 0; i < x.getNumElements(); i++) {
            x.data[i] = 2 * x.data[i] - 1;
        }
        DMatrixRMaj y = rng.rand(1, examples);
        for (int i = 0; i < y.getNumElements(); i++) {
            y.data[i] = y.data[i] < 0.5 ? 1 : 0;
        }
        return new Dataset(x, y);
    }

    /** 0/1 masks n[l] × m for each hidden layer, with probability keepProb of a 1. */
    static List<DMatrixRMaj> masks(int[] hidden, int m, double keepProb, long seed) {
        NumpyRandom rng = new NumpyRandom(seed);
        List<DMatrixRMaj> masks = new ArrayList<>();
        for (int n : hidden) {
            DMatrixRMaj d = rng.rand(n, m);
            for (int i = 0; i < d.getNumElements(); i++) {
                d.data[i] = d.data[i] < keepProb ? 1 : 0;
            }
            masks.add(d);
        }
        return masks;
    }

    /** The smallest |Z[l]| over the hidden layers' pre-activations (∞ without hidden layers). */
    static double distanceToKinks(Network net, DMatrixRMaj x) {
        return distanceToKinks(net, x, 1, List.of());
    }

    /** The same under inverted dropout with these fixed masks (none: no dropout). */
    static double distanceToKinks(Network net, DMatrixRMaj x, double keepProb, List<DMatrixRMaj> masks) {
        boolean dropout = !masks.isEmpty();
        io.gradgraph.core.Graph g = net.graph(false, dropout).graph;
        List<Node> zs = new ArrayList<>();
        for (int l = 1; l <= dropoutRows(net).length; l++) {
            zs.add(g.require("Z" + l));
        }
        if (zs.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        Bindings b = new Bindings().set("X", x);
        if (dropout) {
            b.set("keep_prob", Network.scalar(keepProb));
            for (int l = 0; l < masks.size(); l++) {
                b.set("D" + (l + 1), masks.get(l));
            }
        }
        for (Map.Entry<String, DMatrixRMaj> e : net.parameters().entrySet()) {
            b.set(e.getKey(), e.getValue());
        }
        Results r = Interpreter.of(zs).run(b);
        double min = Double.POSITIVE_INFINITY;
        for (Node z : zs) {
            for (int i = 0; i < r.get(z).getNumElements(); i++) {
                min = Math.min(min, Math.abs(r.get(z).data[i]));
            }
        }
        return min;
    }

    /** The plain cost's gradients by parameter name, computed by the network's own graph. */
    static Map<String, DMatrixRMaj> gradients(Network net, DMatrixRMaj x, DMatrixRMaj y) {
        ModelGraph mg = net.graph(false, false);
        Results r = mg.training(net.backend()).run(net.bindParameters().set("X", x).set("Y", y));
        Map<String, DMatrixRMaj> grads = new java.util.LinkedHashMap<>();
        List<String> names = net.parameterNames();
        for (int k = 0; k < names.size(); k++) {
            grads.put(names.get(k), r.get(mg.gradientNodes.get(k)).copy());
        }
        return grads;
    }

    /** The rows of each activation the network's model drops (its hidden layers' sizes). */
    static int[] dropoutRows(Network net) {
        return net.graph(false, true).masks.stream().mapToInt(d -> d.shape().rows().resolve(Map.of())).toArray();
    }

    static boolean bitwiseEqual(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            return false;
        }
        for (int i = 0; i < a.getNumElements(); i++) {
            if (Double.doubleToLongBits(a.data[i]) != Double.doubleToLongBits(b.data[i])) {
                return false;
            }
        }
        return true;
    }
}
