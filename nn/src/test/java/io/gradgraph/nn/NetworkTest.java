package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.EquationPrinter;
import io.gradgraph.nn.data.Dataset;
import io.gradgraph.nn.io.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parameters by name, saving and loading, batches, L2, the derived equations and the errors. */
class NetworkTest {
    @TempDir
    Path dir;

    @Test
    void parametersAreNamedAndShapedAsInTheCourse() {
        DeepNetwork net = DeepNetwork.builder(12288, 20, 7, 5, 1).build();
        assertEquals(List.of("W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"), net.parameterNames());
        assertEquals(20, net.parameter("W1").numRows);
        assertEquals(12288, net.parameter("W1").numCols);
        assertEquals(5, net.parameter("b3").numRows);
        assertEquals(1, net.parameter("b3").numCols);
        assertEquals(4, net.layers());
        assertEquals(12288, net.inputs());
    }

    @Test
    void parametersAreReadAndWrittenByNameAsCopies() {
        ShallowNetwork net = ShallowNetwork.builder(2, 3).build();
        DMatrixRMaj w2 = net.parameter("W2");
        w2.set(0, 0, 42);
        assertTrue(net.parameter("W2").get(0, 0) != 42, "parameter() returns a copy");
        net.setParameter("W2", w2);
        assertEquals(42, net.parameter("W2").get(0, 0));
        w2.set(0, 0, 7);
        assertEquals(42, net.parameter("W2").get(0, 0), "setParameter copies");
        net.parameters().get("b1").set(0, 0, 5);
        assertEquals(0, net.parameter("b1").get(0, 0), "parameters() returns copies");
    }

    @Test
    void wrongNamesAndShapesAreClearErrors() {
        ShallowNetwork net = ShallowNetwork.builder(2, 3).build();
        assertEquals("no parameter named 'W3'; this ShallowNetwork has [W1, b1, W2, b2]",
                assertThrows(IllegalArgumentException.class, () -> net.parameter("W3")).getMessage());
        assertEquals("parameter W1 is 3×2, got a 2×3 matrix",
                assertThrows(IllegalArgumentException.class, () -> net.setParameter("W1", new DMatrixRMaj(2, 3)))
                        .getMessage());
        Map<String, DMatrixRMaj> partial = new LinkedHashMap<>(net.parameters());
        partial.remove("b2");
        partial.put("W9", new DMatrixRMaj(1, 1));
        assertEquals("expected the parameters [W1, b1, W2, b2]; missing [b2]; unknown [W9]",
                assertThrows(IllegalArgumentException.class, () -> net.setParameters(partial)).getMessage());

        Dataset data = TestData.random(3, 5, 1);
        assertEquals("X must be n_x × m = 2 × m (one column per example), got 3×5",
                assertThrows(IllegalArgumentException.class, () -> net.predict(data.x())).getMessage());
        DMatrixRMaj x = TestData.random(2, 5, 1).x();
        assertEquals("Y must be n_y × m = 1 × 5 to match X (2×5), got 1×4",
                assertThrows(IllegalArgumentException.class,
                        () -> net.fit(x, new DMatrixRMaj(1, 4), TrainingConfig.builder().build())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeepNetwork.builder(3));
        assertThrows(IllegalArgumentException.class, () -> DeepNetwork.builder(3, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().keepProb(0));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().l2(-1));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().batchSize(-1));
    }

    @Test
    void saveAndLoadRoundTripThroughNpz() throws IOException {
        DeepNetwork trained = DeepNetwork.builder(3, 4, 2, 1).initializer(Initializer.HE).seed(5).build();
        Dataset data = TestData.random(3, 16, 2);
        trained.fit(data, TrainingConfig.builder().iterations(50).learningRate(0.3).build());
        Path file = dir.resolve("model.npz");
        trained.save(file);

        // the archive is plain numpy: one float64 array per parameter, named as the parameter
        Map<String, DMatrixRMaj> arrays = Npy.readNpz(file);
        assertEquals(trained.parameterNames(), List.copyOf(arrays.keySet()));
        assertArrayEquals(trained.parameter("W2").data, arrays.get("W2").data);

        DeepNetwork fresh = DeepNetwork.builder(3, 4, 2, 1).seed(99).build();
        fresh.load(file);
        for (String name : trained.parameterNames()) {
            assertTrue(TestData.bitwiseEqual(trained.parameter(name), fresh.parameter(name)), name);
        }
        assertArrayEquals(trained.predict(data.x()).data, fresh.predict(data.x()).data);

        DeepNetwork other = DeepNetwork.builder(3, 5, 1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.load(file));
        assertEquals(file + ": expected the parameters [W1, b1, W2, b2]; unknown [W3, b3]", e.getMessage());
        DeepNetwork wider = DeepNetwork.builder(3, 5, 2, 1).build();
        e = assertThrows(IllegalArgumentException.class, () -> wider.load(file));
        assertEquals(file + ": parameter W1 is 5×3, got a 4×3 matrix", e.getMessage());
    }

    /**
     * Training on mini-batches is exactly: for each epoch e, {@code random_mini_batches} with seed
     * {@code 10 + 1 + e}, and one step per batch, the last batch smaller.
     */
    @Property(seed = "1618", tries = 25)
    void miniBatchTrainingStepsThroughTheCourseBatches(@ForAll @IntRange(min = 1, max = 30) int m,
            @ForAll @IntRange(min = 1, max = 8) int batchSize, @ForAll @IntRange(min = 1, max = 4) int epochs,
            @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Dataset data = TestData.random(3, m, seed);
        DeepNetwork a = DeepNetwork.builder(3, 4, 1).initializer(Initializer.HE).seed(seed).build();
        DeepNetwork b = DeepNetwork.builder(3, 4, 1).initializer(Initializer.HE).seed(seed).build();
        TrainingConfig config = TrainingConfig.builder().epochs(epochs).batchSize(batchSize).learningRate(0.1).build();

        History h = a.fit(data, config);

        List<Double> epochCosts = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            List<Dataset> batches = batchSize < m ? MiniBatches.random(data, batchSize, 11 + e) : List.of(data);
            double total = 0;
            for (Dataset batch : batches) {
                History one = b.fit(batch, TrainingConfig.builder().iterations(1).learningRate(0.1).build());
                total += one.finalCost() * batch.examples();
            }
            epochCosts.add(total / m);
        }
        for (String name : a.parameterNames()) {
            assertTrue(TestData.bitwiseEqual(a.parameter(name), b.parameter(name)), name);
        }
        assertEquals(batchSize < m ? "epoch" : "iteration", h.unit());
        assertEquals(epochCosts.get(epochs - 1), h.finalCost(), 1e-15);
        assertEquals(epochCosts.get(0), h.cost(0), 1e-15);
    }

    @Test
    void batchSizeOfAtLeastMIsBatchGradientDescent() {
        Dataset data = TestData.random(2, 10, 4);
        DeepNetwork a = DeepNetwork.builder(2, 3, 1).build();
        DeepNetwork b = DeepNetwork.builder(2, 3, 1).build();
        a.fit(data, TrainingConfig.builder().iterations(5).learningRate(0.5).build());
        b.fit(data, TrainingConfig.builder().iterations(5).learningRate(0.5).batchSize(10).build());
        assertArrayEquals(a.parameter("W1").data, b.parameter("W1").data);
    }

    @Test
    void l2AddsLambdaOverTwoMTimesTheSquaredWeightsAndItsGradient() {
        DeepNetwork net = DeepNetwork.builder(3, 4, 1).initializer(Initializer.HE).seed(2).build();
        Dataset data = TestData.random(3, 8, 3);
        double lambda = 0.7;
        double squares = 0;
        for (String w : List.of("W1", "W2")) {
            for (double v : net.parameter(w).data) {
                squares += v * v;
            }
        }
        double expected = net.cost(data.x(), data.y()) + lambda / (2 * 8) * squares;
        Map<String, DMatrixRMaj> plain = TestData.gradients(net, data.x(), data.y());
        DeepNetwork copy = DeepNetwork.builder(3, 4, 1).initializer(Initializer.HE).seed(2).build();
        DeepNetwork plainCopy = DeepNetwork.builder(3, 4, 1).initializer(Initializer.HE).seed(2).build();

        History h = net.fit(data, TrainingConfig.builder().iterations(1).learningRate(1).l2(lambda).build());
        plainCopy.fit(data, TrainingConfig.builder().iterations(1).learningRate(1).build());

        assertEquals(expected, h.cost(0), 1e-15);
        // one step with α = 1: W_l2 = W − (dW + (λ/m) W), b unchanged by the penalty
        for (String name : net.parameterNames()) {
            DMatrixRMaj w0 = copy.parameter(name);
            for (int i = 0; i < w0.getNumElements(); i++) {
                double reg = name.startsWith("W") ? lambda / 8 * w0.data[i] : 0;
                assertEquals(w0.data[i] - (plain.get(name).data[i] + reg), net.parameter(name).data[i], 1e-15,
                        name + "[" + i + "]");
            }
        }
        String backward = EquationPrinter.backward(copy.gradients(TrainingConfig.builder().l2(lambda).build()));
        assertTrue(backward.contains("lambda"), backward);
    }

    @Test
    void theDeepNetworkIsLinearReluTimesLMinusOneThenLinearSigmoid() {
        DeepNetwork net = DeepNetwork.builder(4, 3, 2, 1).build();
        assertEquals(String.join("\n",
                "Z1 = W1·X + b1",
                "A1 = relu(Z1)",
                "Z2 = W2·A1 + b2",
                "A2 = relu(Z2)",
                "Z3 = W3·A2 + b3",
                "A3 = σ(Z3)",
                "J = (1/m) Σ (−(Y log A3 + (1 − Y) log(1 − A3)))"), EquationPrinter.forward(net.costNode()));
        assertEquals(String.join("\n",
                "dZ3 = A3 − Y",
                "dW3 = (1/m) dZ3·A2ᵀ",
                "db3 = (1/m) Σ_cols dZ3",
                "dZ2 = W3ᵀ·dZ3 ∗ [Z2 > 0]",
                "dW2 = (1/m) dZ2·A1ᵀ",
                "db2 = (1/m) Σ_cols dZ2",
                "dZ1 = W2ᵀ·dZ2 ∗ [Z1 > 0]",
                "dW1 = (1/m) dZ1·Xᵀ",
                "db1 = (1/m) Σ_cols dZ1"), EquationPrinter.backward(net.gradients()));
        assertEquals("A3", net.outputNode().name().orElseThrow());
    }

    @Test
    void theShallowNetworkDerivesTheCourseBackwardPass() {
        ShallowNetwork net = ShallowNetwork.builder(2, 4).build();
        assertEquals(String.join("\n",
                "dZ2 = A2 − Y",
                "dW2 = (1/m) dZ2·A1ᵀ",
                "db2 = (1/m) Σ_cols dZ2",
                "dZ1 = W2ᵀ·dZ2 ∗ (1 − A1²)",
                "dW1 = (1/m) dZ1·Xᵀ",
                "db1 = (1/m) Σ_cols dZ1"), EquationPrinter.backward(net.gradients()));
    }

    @Test
    void theTwoLayerModelIsTheDeepNetworkWithTwoLayers() {
        DeepNetwork two = DeepNetwork.twoLayer(5, 3, 1).build();
        DeepNetwork same = DeepNetwork.builder(5, 3, 1).initializer(Initializer.SMALL_RANDOM).seed(1).build();
        assertEquals(2, two.layers());
        Dataset data = TestData.random(5, 11, 1);
        TrainingConfig config = TrainingConfig.builder().iterations(30).learningRate(0.5).build();
        assertArrayEquals(two.fit(data, config).costs(), same.fit(data, config).costs());
        assertArrayEquals(two.parameter("W2").data, same.parameter("W2").data);
    }

    @Test
    void oneGraphServesEveryBatchSize() {
        DeepNetwork net = DeepNetwork.builder(2, 3, 1).build();
        Dataset small = TestData.random(2, 3, 1);
        Dataset large = TestData.random(2, 50, 2);
        net.fit(large, TrainingConfig.builder().iterations(2).batchSize(7).build());
        assertEquals(3, net.predict(small.x()).numCols);
        assertEquals(50, net.probabilities(large.x()).numCols);
        assertTrue(net.graph() == net.costNode().graph());
    }

    @Test
    void accuracyIsTheCoursesFormula() {
        LogisticRegression model = LogisticRegression.create(1);
        model.setParameter("w", new DMatrixRMaj(new double[][] {{1}}));
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{-2, -1, 1, 2, 3, 0.5, -0.5}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0, 1, 1, 1, 0, 1, 0}});
        assertArrayEquals(new double[] {0, 0, 1, 1, 1, 1, 0}, model.predict(x).data);
        assertEquals(100 - 2.0 / 7 * 100, model.accuracy(x, y));
        model.setParameter("w", new DMatrixRMaj(1, 1));
        assertArrayEquals(new double[7], model.predict(x).data, "σ(0) = 0.5 is not > 0.5");
    }

    @Test
    void historyRecordsPrintsAndCallsBack() {
        Dataset data = TestData.random(2, 10, 4);
        DeepNetwork net = DeepNetwork.builder(2, 3, 1).build();
        List<Integer> called = new ArrayList<>();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        History h = net.fit(data, TrainingConfig.builder().iterations(25).costEvery(10).printEvery(4)
                .printTo(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8))
                .callback((i, c) -> called.add(i)).build());
        assertEquals(List.of(0, 4, 8, 10, 12, 16, 20, 24), h.entries().stream().map(History.Entry::iteration).toList());
        assertEquals(25, called.size());
        assertEquals(7, out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().count());
        assertEquals(25, h.iterations());
        assertEquals("Cost after iteration 0: " + History.sixDecimals(h.cost(0)), h.lines().get(0));
        assertEquals("no cost was recorded for iteration 3; recorded: [0, 4, 8, 10, 12, 16, 20, 24]",
                assertThrows(IllegalArgumentException.class, () -> h.cost(3)).getMessage());
    }

    @Test
    void costsPrintLikePythonsPercentF() {
        // Python: '%f' % 0.2185125 == '0.218512' (the double lies below the tie); Java's %.6f says 0.218513
        assertEquals("0.218512", History.sixDecimals(0.2185125));
        assertEquals("1.000001", History.sixDecimals(1.0000005));
        assertEquals("0.693147", History.sixDecimals(Math.log(2)));
        assertEquals("12.000000", History.sixDecimals(12));
        assertEquals("nan", History.sixDecimals(Double.NaN));
        assertEquals("Cost after epoch 3: 0.250000", History.format("epoch", 3, 0.25));
    }
}
