package io.gradgraph.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Bindings;
import io.gradgraph.core.Dim;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import io.gradgraph.core.Shape;
import io.gradgraph.nn.NumpyRandom;
import io.gradgraph.nn.Optimizer;
import io.gradgraph.nn.TrainingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** A model built by hand on graph-core, not a built-in one: an autoencoder, trained on Spark and locally. */
class UserModelTest {
    private static final int FEATURES = 6;
    private static final int CODE = 3;

    /** X → tanh(W1·X + b1) → W2·H + b2, the cost the mean squared reconstruction error. */
    private static Gradients autoencoder() {
        Graph g = new Graph();
        Node x = g.input("X", new Shape(Dim.of(FEATURES), Dim.symbol("m")));
        Node w1 = g.parameter("W1", CODE, FEATURES);
        Node b1 = g.parameter("b1", CODE, 1);
        Node w2 = g.parameter("W2", FEATURES, CODE);
        Node b2 = g.parameter("b2", FEATURES, 1);
        Node h = g.tanh(g.add(g.matmul(w1, x), b1)).named("H");
        Node r = g.add(g.matmul(w2, h), b2).named("R");
        Node cost = g.mean(g.square(g.sub(r, x))).named("J");
        return g.gradients(cost, w1, b1, w2, b2);
    }

    private static LinkedHashMap<String, DMatrixRMaj> initial() {
        NumpyRandom rng = new NumpyRandom(3);
        LinkedHashMap<String, DMatrixRMaj> p = new LinkedHashMap<>();
        p.put("W1", scale(rng.randn(CODE, FEATURES), 0.3));
        p.put("b1", new DMatrixRMaj(CODE, 1));
        p.put("W2", scale(rng.randn(FEATURES, CODE), 0.3));
        p.put("b2", new DMatrixRMaj(FEATURES, 1));
        return p;
    }

    private static DMatrixRMaj scale(DMatrixRMaj m, double s) {
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] *= s;
        }
        return m;
    }

    @Test
    void anAutoencoderBuiltByHandTrainsOnSparkAsLocally() {
        NumpyRandom rng = new NumpyRandom(5);
        int m = 250;
        DMatrixRMaj x = rng.randn(FEATURES, m);
        List<Example> examples = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            double[] f = new double[FEATURES];
            for (int i = 0; i < FEATURES; i++) {
                f[i] = x.get(i, j);
            }
            examples.add(new Example(f, new double[0]));   // no labels: the cost reads X only
        }
        TrainingConfig config = TrainingConfig.builder().iterations(80).optimizer(Optimizer.momentum(0.3, 0.9)).build();

        // locally: the plain training loop over the same graph
        Gradients grads = autoencoder();
        List<Node> outputs = new ArrayList<>();
        outputs.add(grads.cost());
        outputs.addAll(grads.nodes());
        Executable step = Backend.compiled().compile(outputs);
        LinkedHashMap<String, DMatrixRMaj> local = initial();
        Optimizer.State state = config.optimizer().start(local);
        Bindings bindings = new Bindings().set("X", x);
        local.forEach(bindings::set);
        double[] expected = new double[config.iterations()];
        for (int i = 0; i < expected.length; i++) {
            Results r = step.run(bindings);
            expected[i] = r.scalar(grads.cost());
            List<DMatrixRMaj> g = new ArrayList<>();
            for (Node n : grads.nodes()) {
                g.add(r.get(n).copy());
            }
            state.step(g);
        }

        LinkedHashMap<String, DMatrixRMaj> spark = initial();
        SparkTrainer.Result r = new SparkTrainer(TestSpark.context()).fit(autoencoder(), "X", "Y", spark, Map.of(),
                TestSpark.context().parallelize(examples, 3), config);
        SparkTrainerTest.assertClose("autoencoder, momentum, costs", expected, r.costs());
        SparkTrainerTest.assertClose("autoencoder, W2 after training", local.get("W2").data, spark.get("W2").data);
        assertEquals(true, expected[expected.length - 1] < expected[0] / 2, "the autoencoder learns");
    }
}
