package io.gradgraph.nn.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.nn.GradientCheck;
import io.gradgraph.nn.History;
import io.gradgraph.nn.Initializer;
import io.gradgraph.nn.Loss;
import io.gradgraph.nn.Metric;
import io.gradgraph.nn.Model;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.NumpyRandom;
import io.gradgraph.nn.Optimizer;
import io.gradgraph.nn.Prediction;
import io.gradgraph.nn.TrainingConfig;
import io.gradgraph.nn.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three models that are not built in, written in another package than nn's, so with nothing but the
 * public API: each trains with {@code fit} (mini-batches, Adam, L2 on its flagged parameters, dropout
 * where it marks some), passes the gradient check, and saves and loads, on both backends.
 */
class UserModelsTest {

    /** An autoencoder 6 → 3 (tanh) → 6 (linear) with the squared-error reconstruction loss. */
    static Model autoencoder(Backend backend) {
        return Model.builder("autoencoder", 6, 6)
                .weight("W1", 3, 6, Initializer.XAVIER).bias("b1", 3)
                .weight("W2", 6, 3, Initializer.XAVIER).bias("b2", 6)
                .forward(c -> {
                    Graph g = c.graph();
                    Node code = g.tanh(g.add(g.matmul(c.parameter("W1"), c.features()), c.parameter("b1")));
                    return g.add(g.matmul(c.parameter("W2"), code), c.parameter("b2"));
                })
                .loss(Loss.squaredError())
                .prediction(Prediction.identity())
                .seed(4).backend(backend).build();
    }

    /** A 3-layer classifier [LINEAR → LEAKY RELU]×2 → LINEAR → SIGMOID, with dropout on both hidden layers. */
    static Model leakyClassifier(Backend backend) {
        return Model.builder("leaky", 2, 1)
                .weight("W1", 8, 2, Initializer.HE).bias("b1", 8)
                .weight("W2", 5, 8, Initializer.HE).bias("b2", 5)
                .weight("W3", 1, 5, Initializer.HE).bias("b3", 1)
                .forward(c -> {
                    Graph g = c.graph();
                    Node a = c.features();
                    for (int l = 1; l <= 2; l++) {
                        a = c.dropout(g.leakyRelu(g.add(g.matmul(c.parameter("W" + l), a), c.parameter("b" + l)), 0.1));
                    }
                    return g.sigmoid(g.add(g.matmul(c.parameter("W3"), a), c.parameter("b3")));
                })
                .seed(5).backend(backend).build();
    }

    /** A weight-tied autoencoder: the decoder is the encoder's transpose, {@code A = Wᵀ·tanh(W·X + b) + c}. */
    static Model tied(Backend backend) {
        return Model.builder("tied", 5, 5)
                .weight("W", 2, 5, Initializer.XAVIER).bias("b", 2).bias("c", 5)
                .forward(c -> {
                    Graph g = c.graph();
                    Node w = c.parameter("W");
                    Node code = g.tanh(g.add(g.matmul(w, c.features()), c.parameter("b")));
                    return g.add(g.matmul(g.transpose(w), code), c.parameter("c"));
                })
                .loss(Loss.squaredError())
                .prediction(Prediction.identity())
                .seed(6).backend(backend).build();
    }

    static Stream<Arguments> models() {
        return Stream.of("interpreter", "compiled").flatMap(b -> {
            Backend backend = b.equals("compiled") ? Backend.compiled() : Backend.interpreter();
            return Stream.of(
                    Arguments.of("autoencoder", autoencoder(backend)),
                    Arguments.of("leaky", leakyClassifier(backend)),
                    Arguments.of("tied", tied(backend)));
        });
    }

    /** Data for a model: reconstruction targets are the inputs; the classifier's label is x0·x1 > 0. */
    static Dataset data(Model model, int m, long seed) {
        NumpyRandom rng = new NumpyRandom(seed);
        if (model.outputs() == model.features()) {
            // points near a plane, X = M·Z / 2: a 2-unit code can reconstruct them
            DMatrixRMaj mix = rng.randn(model.features(), 2);
            DMatrixRMaj z = rng.randn(2, m);
            DMatrixRMaj x = new DMatrixRMaj(model.features(), m);
            org.ejml.dense.row.CommonOps_DDRM.mult(0.5, mix, z, x);
            return new Dataset(x, x);
        }
        DMatrixRMaj x = rng.randn(model.features(), m);
        DMatrixRMaj y = new DMatrixRMaj(1, m);
        for (int j = 0; j < m; j++) {
            y.data[j] = x.get(0, j) * x.get(1, j) > 0 ? 1 : 0;
        }
        return new Dataset(x, y);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("models")
    void trainsChecksSavesAndLoads(String name, Model model, @TempDir Path dir) throws Exception {
        Network net = new Network(model);
        Dataset train = data(model, 200, 1);
        boolean classifier = name.equals("leaky");
        double before = net.cost(train.x(), train.y());
        TrainingConfig config = TrainingConfig.builder().epochs(60).batchSize(32).optimizer(Optimizer.adam(0.01))
                .l2(0.01).keepProb(classifier ? 0.9 : 1).build();

        History history = net.fit(train, config);

        assertTrue(history.finalCost() < before * 0.8, () -> name + ": " + before + " → " + history.finalCost());
        double after = net.cost(train.x(), train.y());
        assertTrue(after < before * 0.8, () -> name + ": cost " + before + " → " + after);
        if (classifier) {
            assertTrue(net.accuracy(train) > 80, () -> "accuracy " + net.accuracy(train));
        } else {
            double mse = net.evaluate(Metric.meanSquaredError(), train.x(), train.y());
            assertTrue(mse < 2 * after + 1e-12 && mse > 0, () -> "mse " + mse + ", cost " + after);
        }

        Dataset small = data(model, 5, 2);
        GradientCheck.Report report = GradientCheck.builder().l2(0.3).build().check(net, small.x(), small.y());
        assertTrue(report.passed(), report::toString);

        Path file = dir.resolve(name + ".npz");
        net.save(file);
        Network loaded = new Network(model);
        loaded.load(file);
        assertArrayEquals(net.output(small.x()).data, loaded.output(small.x()).data);
        assertEquals(net.parameterNames(), loaded.parameterNames());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("models")
    void bothBackendsTrainToTheSameBits(String name, Model model) {
        Dataset train = data(model, 40, 3);
        TrainingConfig config = TrainingConfig.builder().epochs(5).batchSize(16).optimizer(Optimizer.momentum(0.05, 0.9))
                .l2(0.1).keepProb(name.equals("leaky") ? 0.8 : 1).build();
        Network a = new Network(model.withBackend(Backend.interpreter()));
        Network b = new Network(model.withBackend(Backend.compiled()));
        History ha = a.fit(train, config);
        History hb = b.fit(train, config);
        assertArrayEquals(ha.costs(), hb.costs());
        for (Map.Entry<String, DMatrixRMaj> e : a.parameters().entrySet()) {
            assertArrayEquals(e.getValue().data, b.parameter(e.getKey()).data, e.getKey());
        }
    }

    /** A user's optimizer: sign descent, W = W − α·sign(dW), through the open interface. */
    record SignDescent(double learningRate) implements Optimizer {
        @Override
        public Optimizer withLearningRate(double rate) {
            return new SignDescent(rate);
        }

        @Override
        public State start(Map<String, DMatrixRMaj> parameters) {
            List<DMatrixRMaj> params = List.copyOf(parameters.values());
            int[] steps = {0};
            return new State() {
                @Override
                public void step(List<DMatrixRMaj> gradients) {
                    for (int k = 0; k < params.size(); k++) {
                        double[] p = params.get(k).data;
                        double[] g = gradients.get(k).data;
                        for (int i = 0; i < p.length && i < params.get(k).getNumElements(); i++) {
                            p[i] -= learningRate * Math.signum(g[i]);
                        }
                    }
                    steps[0]++;
                }

                @Override
                public int steps() {
                    return steps[0];
                }
            };
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("models")
    void aUserOptimizerTrainsAnyModel(String name, Model model) {
        Network net = new Network(model);
        Dataset train = data(model, 100, 7);
        double before = net.cost(train.x(), train.y());
        net.fit(train, TrainingConfig.builder().iterations(50).optimizer(new SignDescent(0.01)).build());
        assertTrue(net.cost(train.x(), train.y()) < before);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("models")
    void l2AppliesOnlyToTheFlaggedParameters(String name, Model model) {
        Network net = new Network(model);
        TrainingConfig l2 = TrainingConfig.builder().l2(0.5).build();
        Node penalty = net.gradients(l2).cost().graph().require("L2");
        List<String> squared = io.gradgraph.core.Graph.topologicalOrder(List.of(penalty)).stream()
                .filter(n -> net.parameterNodes().containsKey(n.label()) || n.name().filter(
                        net.parameterNodes()::containsKey).isPresent())
                .map(n -> n.name().orElse(n.label())).distinct().sorted().toList();
        List<String> flagged = model.parameters().stream().filter(Model.Parameter::regularized)
                .map(Model.Parameter::name).sorted().toList();
        assertEquals(flagged, squared);
        if (!name.equals("leaky")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.fit(data(model, 4, 1),
                    TrainingConfig.builder().iterations(1).keepProb(0.5).build()));
            assertEquals("dropout (keep_prob = 0.5) applies to the activations a model marks with"
                    + " ModelContext.dropout, and model " + name + " marks none", e.getMessage());
        }
    }
}
