package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.EquationPrinter;
import io.gradgraph.nn.data.Dataset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** Inverted dropout: the course's masks and scaling while training, never at prediction time. */
class DropoutTest {

    /** The course's forward pass with explicit masks, in plain EJML: {@code A = relu(Z) ∗ D / keep_prob}. */
    private static DMatrixRMaj forward(Network net, DMatrixRMaj x, int layers, List<DMatrixRMaj> masks, double keep) {
        DMatrixRMaj a = x;
        for (int l = 1; l <= layers; l++) {
            DMatrixRMaj w = net.parameter("W" + l);
            DMatrixRMaj b = net.parameter("b" + l);
            DMatrixRMaj z = new DMatrixRMaj(w.numRows, a.numCols);
            CommonOps_DDRM.mult(w, a, z);
            for (int i = 0; i < z.numRows; i++) {
                for (int j = 0; j < z.numCols; j++) {
                    double v = z.get(i, j) + b.get(i, 0);
                    if (l < layers) {
                        v = Math.max(v, 0);
                        if (masks != null) {
                            v = v * masks.get(l - 1).get(i, j) / keep;
                        }
                    } else {
                        v = 1 / (1 + Math.exp(-v));
                    }
                    z.set(i, j, v);
                }
            }
            a = z;
        }
        return a;
    }

    private static double crossEntropy(DMatrixRMaj a, DMatrixRMaj y) {
        double sum = 0;
        for (int j = 0; j < a.numCols; j++) {
            sum += y.get(0, j) * Math.log(a.get(0, j)) + (1 - y.get(0, j)) * Math.log(1 - a.get(0, j));
        }
        return -sum / a.numCols;
    }

    @Test
    void trainingCostUsesTheCourseMasksDrawnFromTheDropoutSeed() {
        DeepNetwork net = DeepNetwork.builder(3, 5, 4, 1).initializer(Initializer.HE).seed(3).build();
        Dataset data = TestData.random(3, 9, 5);
        double keep = 0.7;
        // np.random.seed(4); D1 = np.random.rand(5, m) < keep_prob; D2 = np.random.rand(4, m) < keep_prob
        List<DMatrixRMaj> masks = TestData.masks(new int[] {5, 4}, 9, keep, 4);
        double expected = crossEntropy(forward(net, data.x(), 3, masks, keep), data.y());

        History h = net.fit(data, TrainingConfig.builder().iterations(1).keepProb(keep).dropoutSeed(4).build());

        assertEquals(expected, h.cost(0), 1e-14);
    }

    @Test
    void masksAreFreshForEveryStep() {
        DeepNetwork net = DeepNetwork.builder(3, 6, 1).initializer(Initializer.HE).seed(3).build();
        Dataset data = TestData.random(3, 20, 5);
        List<Double> withDropout = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        // a learning rate so small that the parameters do not change: only the masks move the cost
        net.fit(data, TrainingConfig.builder().iterations(5).learningRate(1e-300).keepProb(0.5)
                .callback((i, c) -> withDropout.add(c)).build());
        net.fit(data, TrainingConfig.builder().iterations(5).learningRate(1e-300)
                .callback((i, c) -> without.add(c)).build());
        assertEquals(5, new HashSet<>(withDropout).size(), withDropout::toString);
        assertEquals(1, new HashSet<>(without).size(), without::toString);
    }

    @Test
    void predictionNeverDropsUnits() {
        DeepNetwork net = DeepNetwork.builder(4, 8, 8, 1).initializer(Initializer.HE).seed(1).build();
        Dataset data = TestData.random(4, 30, 2);
        net.fit(data, TrainingConfig.builder().iterations(20).learningRate(0.1).keepProb(0.5).build());

        DMatrixRMaj expected = forward(net, data.x(), 3, null, 1);
        DMatrixRMaj first = net.probabilities(data.x());
        DMatrixRMaj second = net.probabilities(data.x());
        for (int j = 0; j < expected.numCols; j++) {
            assertEquals(expected.get(0, j), first.get(0, j), 1e-12);
        }
        assertArrayEquals(first.data, second.data);
        DMatrixRMaj predicted = net.predict(data.x());
        for (int j = 0; j < expected.numCols; j++) {
            assertEquals(expected.get(0, j) > 0.5 ? 1.0 : 0.0, predicted.get(0, j));
        }
        assertEquals(expected.get(0, 3), net.probabilities(data.x()).get(0, 3), 1e-12);
    }

    @Test
    void theDropoutGraphMultipliesByTheMaskAndDividesByKeepProb() {
        DeepNetwork net = DeepNetwork.builder(2, 3, 1).build();
        TrainingConfig config = TrainingConfig.builder().keepProb(0.8).build();
        String backward = EquationPrinter.backward(net.gradients(config));
        assertTrue(backward.contains("D1"), backward);
        assertTrue(backward.contains("keep_prob"), backward);
        assertTrue(!EquationPrinter.backward(net.gradients()).contains("D1"));
    }

    @Test
    void gradientCheckRefusesActiveDropout() {
        TrainingConfig config = TrainingConfig.builder().keepProb(0.8).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradientCheck.builder().config(config));
        assertTrue(e.getMessage().startsWith("cannot gradient-check with dropout active (keep_prob = 0.8)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("fixedDropout"), e.getMessage());
    }

    @Test
    void fixedMasksMustFitTheHiddenLayers() {
        DeepNetwork net = DeepNetwork.builder(2, 3, 1).build();
        Dataset data = TestData.random(2, 4, 1);
        GradientCheck wrongCount = GradientCheck.builder().fixedDropout(0.5, List.of()).build();
        assertEquals("fixed dropout needs one mask per activation the model drops (1), got 0",
                assertThrows(IllegalArgumentException.class, () -> wrongCount.check(net, data.x(), data.y()))
                        .getMessage());
        GradientCheck wrongShape = GradientCheck.builder().fixedDropout(0.5, List.of(new DMatrixRMaj(3, 5))).build();
        assertEquals("mask D1 must be 3×4 (its activation's shape with m = 4), got 3×5",
                assertThrows(IllegalArgumentException.class, () -> wrongShape.check(net, data.x(), data.y()))
                        .getMessage());
    }

    @Test
    void dropoutAndL2Together() {
        DeepNetwork a = DeepNetwork.builder(3, 5, 1).initializer(Initializer.HE).seed(2).build();
        DeepNetwork b = DeepNetwork.builder(3, 5, 1).initializer(Initializer.HE).seed(2).build();
        Dataset data = TestData.random(3, 12, 6);
        History ha = a.fit(data, TrainingConfig.builder().iterations(3).keepProb(0.6).l2(0.5).build());
        History hb = b.fit(data, TrainingConfig.builder().iterations(3).keepProb(0.6).build());
        Set<String> names = Set.copyOf(a.gradients(TrainingConfig.builder().keepProb(0.6).l2(0.5).build()).cost()
                .graph().nodes().stream().flatMap(n -> n.name().stream()).toList());
        assertTrue(names.containsAll(Set.of("L2", "D1", "keep_prob", "lambda")), names::toString);
        assertNotEquals(ha.cost(0), hb.cost(0));
    }
}
