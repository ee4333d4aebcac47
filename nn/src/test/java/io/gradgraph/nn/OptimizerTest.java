package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.nn.data.Dataset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Gradient descent, momentum and Adam update in place with the course's formulas. */
class OptimizerTest {

    private static Map<String, DMatrixRMaj> params(double... w) {
        Map<String, DMatrixRMaj> p = new LinkedHashMap<>();
        p.put("W1", new DMatrixRMaj(1, w.length, true, w));
        return p;
    }

    private static List<DMatrixRMaj> grads(double... g) {
        return List.of(new DMatrixRMaj(1, g.length, true, g));
    }

    @Test
    void gradientDescentSubtractsLearningRateTimesGradient() {
        Map<String, DMatrixRMaj> p = params(1.0, -2.0, 0.5);
        Optimizer.State s = Optimizer.gd(0.1).start(p);
        s.step(grads(0.3, -0.7, 0));
        assertArrayEquals(new double[] {1.0 - 0.1 * 0.3, -2.0 - 0.1 * -0.7, 0.5}, p.get("W1").data);
        assertEquals(1, s.steps());
    }

    @Test
    void momentumAccumulatesAnExponentialAverage() {
        Map<String, DMatrixRMaj> p = params(1.0);
        Optimizer.State s = Optimizer.momentum(0.1, 0.9).start(p);
        s.step(grads(2.0));
        double v = 0.9 * 0 + (1 - 0.9) * 2.0;
        double w = 1.0 - 0.1 * v;
        assertEquals(w, p.get("W1").data[0]);
        s.step(grads(-1.0));
        v = 0.9 * v + (1 - 0.9) * -1.0;
        w = w - 0.1 * v;
        assertEquals(w, p.get("W1").data[0]);
    }

    @Test
    void momentumWithBetaZeroIsGradientDescent() {
        Map<String, DMatrixRMaj> a = params(0.3, -0.2);
        Map<String, DMatrixRMaj> b = params(0.3, -0.2);
        Optimizer.State ma = Optimizer.momentum(0.05, 0).start(a);
        Optimizer.State gb = Optimizer.gd(0.05).start(b);
        for (int i = 0; i < 3; i++) {
            ma.step(grads(0.1 * i, -0.4));
            gb.step(grads(0.1 * i, -0.4));
        }
        assertArrayEquals(b.get("W1").data, a.get("W1").data);
    }

    @Test
    void adamMatchesTheCourseFormulasWithBiasCorrection() {
        Map<String, DMatrixRMaj> p = params(0.5);
        Optimizer.State s = Optimizer.adam(0.01, 0.9, 0.999, 1e-8).start(p);
        double w = 0.5;
        double v = 0;
        double sq = 0;
        double[] gs = {0.2, -0.1, 0.05};
        for (int t = 1; t <= gs.length; t++) {
            s.step(grads(gs[t - 1]));
            v = 0.9 * v + (1 - 0.9) * gs[t - 1];
            double vHat = v / (1 - Math.pow(0.9, t));
            sq = 0.999 * sq + (1 - 0.999) * (gs[t - 1] * gs[t - 1]);
            double sHat = sq / (1 - Math.pow(0.999, t));
            w = w - 0.01 * vHat / (Math.sqrt(sHat) + 1e-8);
            assertEquals(w, p.get("W1").data[0], "t = " + t);
            assertEquals(t, s.steps());
        }
    }

    @Provide
    Arbitrary<int[]> layerDims() {
        return Arbitraries.integers().between(1, 8).array(int[].class).ofMinSize(2).ofMaxSize(5)
                .map(d -> {
                    d[d.length - 1] = 1;
                    return d;
                });
    }

    /**
     * Adam's first step: v̂ = dW and ŝ = dW², so each parameter moves by α·dW/(|dW| + ε), that is by
     * α against its gradient's sign wherever |dW| ≫ ε, and not at all where dW = 0.
     */
    @Property(seed = "2718", tries = 60)
    void adamsFirstStepMovesEachParameterByTheLearningRate(@ForAll("layerDims") int[] layerDims,
            @ForAll @IntRange(min = 1, max = 12) int m, @ForAll @LongRange(min = 0, max = 100_000) long seed) {
        double lr = 0.01;
        DeepNetwork net = DeepNetwork.builder(layerDims).initializer(Initializer.HE).seed(seed).build();
        Dataset data = TestData.random(layerDims[0], m, seed + 1);
        Map<String, DMatrixRMaj> before = net.parameters();
        Map<String, DMatrixRMaj> grads = TestData.gradients(net, data.x(), data.y());

        net.fit(data, TrainingConfig.builder().iterations(1).optimizer(Optimizer.adam(lr)).build());

        for (String name : net.parameterNames()) {
            DMatrixRMaj g = grads.get(name);
            for (int i = 0; i < g.getNumElements(); i++) {
                double step = before.get(name).data[i] - net.parameter(name).data[i];
                double grad = g.data[i];
                if (Math.abs(grad) > 1e-5) {
                    assertEquals(lr * Math.signum(grad), step, lr * 1e-3, name + "[" + i + "], dW = " + grad);
                } else if (grad == 0) {
                    assertEquals(0, step, name + "[" + i + "]");
                }
                assertTrue(Math.abs(step) <= lr * (1 + 1e-12), name + "[" + i + "] moved by " + step);
            }
        }
    }

    /** Each optimizer trains the planar flower from the course's start to a lower cost. */
    @Test
    void everyOptimizerLowersTheCost() {
        Dataset flower = io.gradgraph.nn.data.PlanarDataset.load();
        for (Optimizer optimizer : List.of(Optimizer.gd(1.2), Optimizer.momentum(0.6, 0.9), Optimizer.adam(0.01))) {
            ShallowNetwork net = ShallowNetwork.builder(2, 4).build();
            History h = net.fit(flower, TrainingConfig.builder().iterations(1000).optimizer(optimizer).build());
            assertEquals(0.693048, h.cost(0), 1e-6, optimizer.toString());
            assertTrue(h.finalCost() < 0.35, optimizer + ": " + h.finalCost());
            assertTrue(net.accuracy(flower) > 85, optimizer + ": " + net.accuracy(flower));
        }
        DeepNetwork deep = DeepNetwork.builder(2, 8, 4, 1).initializer(Initializer.HE).seed(3).build();
        History h = deep.fit(flower, TrainingConfig.builder().epochs(200).batchSize(64)
                .optimizer(Optimizer.adam(0.01)).build());
        assertTrue(h.finalCost() < 0.7 * h.cost(0) && h.finalCost() < h.cost(100), h + "\nfinal: " + h.finalCost());
    }

    @Test
    void rejectsBadHyperparametersAndGradients() {
        assertThrows(IllegalArgumentException.class, () -> Optimizer.gd(0));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.gd(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.momentum(0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.adam(0.1, 0.9, -0.1, 1e-8));
        Optimizer.State s = Optimizer.gd(0.1).start(params(1, 2));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> s.step(List.of()));
        assertEquals("expected 1 gradients, one per parameter, got 0", count.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> s.step(grads(1, 2, 3)));
        assertEquals("gradient 0 is 1×3 but its parameter is 1×2", shape.getMessage());
    }

    @Test
    void learningRateIsSetOnTheChosenOptimizer() {
        TrainingConfig c = TrainingConfig.builder().optimizer(Optimizer.adam(0.1)).learningRate(0.002).build();
        assertEquals(new Optimizer.Adam(0.002, 0.9, 0.999, 1e-8), c.optimizer());
        assertEquals(new Optimizer.GradientDescent(1.2), TrainingConfig.builder().learningRate(1.2).build().optimizer());
    }
}
