package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Backend;
import io.gradgraph.nn.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PipelinedDescentTest {

    private static Backend backend(String name) {
        return name.equals("compiled") ? Backend.compiled() : Backend.interpreter();
    }

    /** Every cost (by its bits), for one fit of {@code net} with {@code config}. */
    private static List<Long> costs(Network net, Dataset data, TrainingConfig.Builder config) {
        List<Long> costs = new ArrayList<>();
        net.fit(data, config.callback((i, cost) -> costs.add(Double.doubleToLongBits(cost))).build());
        return costs;
    }

    /**
     * Small sizes (sequential sums), X large enough for the kernel's two-thread halves and wide dots
     * (1301×209: 272K multiply-adds), and a long thin X (wide dots, sequential forward sums).
     */
    @ParameterizedTest
    @CsvSource({"interpreter, 5, 20", "compiled, 5, 20", "interpreter, 1301, 209", "compiled, 1301, 209",
        "interpreter, 40, 7000", "compiled, 40, 7000"})
    void fitGivesTheParametersAndCostsOfThePlainLoopToTheBit(String backendName, int features, int examples) {
        Backend backend = backend(backendName);
        Dataset data = TestData.random(features, examples, features);
        TrainingConfig.Builder config = TrainingConfig.builder().iterations(40).learningRate(0.7);
        LogisticRegression piped = LogisticRegression.create(features, backend);
        LogisticRegression plain = LogisticRegression.create(features, backend);
        assertTrue(PipelinedDescent.start(piped, data.x(), data.y(), config.build()).isPresent());

        for (int fit = 0; fit < 2; fit++) { // a second fit continues from the trained parameters
            List<Long> expected = costs(plain, data, config.pipelined(false));
            List<Long> actual = costs(piped, data, config.pipelined(true));
            assertEquals(40, actual.size());
            assertEquals(expected, actual, "costs, fit " + fit);
            for (String p : plain.parameterNames()) {
                assertArrayEquals(plain.parameter(p).data, piped.parameter(p).data, 0.0, p + ", fit " + fit);
            }
        }
        assertNotEquals(0.0, piped.parameter("b").get(0, 0)); // it trained
    }

    @Test
    void theTrainerStepsAsFitDoes() {
        Dataset data = TestData.random(7, 30, 4);
        TrainingConfig config = TrainingConfig.builder().iterations(5).learningRate(0.3).build();
        LogisticRegression stepped = LogisticRegression.create(7);
        LogisticRegression fitted = LogisticRegression.create(7);
        PipelinedDescent trainer = PipelinedDescent.start(stepped, data.x(), data.y(), config).orElseThrow();
        assertEquals("w", trainer.fusedParameter());
        List<Long> costs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            costs.add(Double.doubleToLongBits(trainer.step()));
        }
        assertEquals(costs(fitted, data, config.toBuilder().pipelined(false)), costs);
        assertArrayEquals(fitted.parameter("w").data, stepped.parameter("w").data, 0.0);
    }

    @Test
    void appliesOnlyToFullBatchElementwiseOptimizersOnAProductWithX() {
        Dataset data = TestData.random(4, 20, 5);
        TrainingConfig.Builder gd = TrainingConfig.builder().learningRate(0.1);
        LogisticRegression logistic = LogisticRegression.create(4);
        assertTrue(PipelinedDescent.start(logistic, data.x(), data.y(), gd.build()).isPresent());
        assertTrue(PipelinedDescent.start(logistic, data.x(), data.y(),
                TrainingConfig.builder().optimizer(Optimizer.momentum(0.1, 0.9)).build()).isPresent());
        List<TrainingConfig> others = List.of(
                TrainingConfig.builder().pipelined(false).build(),
                TrainingConfig.builder().optimizer(Optimizer.adam(0.01)).build(),
                TrainingConfig.builder().batchSize(8).build(),
                TrainingConfig.builder().l2(0.5).build()); // dw gets a (λ/m)·w term
        for (TrainingConfig c : others) {
            assertFalse(PipelinedDescent.start(logistic, data.x(), data.y(), c).isPresent(), c.toString());
        }
        // batches of at least m are the full batch
        assertTrue(PipelinedDescent.start(logistic, data.x(), data.y(),
                TrainingConfig.builder().batchSize(20).build()).isPresent());
        // a first layer W1·X: only where the kernel fuses its products (many features)
        assertFalse(PipelinedDescent.start(ShallowNetwork.builder(4, 3).build(), data.x(), data.y(),
                gd.build()).isPresent());
        assertFalse(PipelinedDescent.start(DeepNetwork.builder(4, 1).build(), data.x(), data.y(),
                gd.build()).isPresent());
        Dataset wide = TestData.random(2100, 100, 6);
        assertEquals("W1", PipelinedDescent.start(DeepNetwork.builder(2100, 5, 1).build(), wide.x(), wide.y(),
                gd.build()).orElseThrow().fusedParameter());
    }

    /**
     * A deep network's first layer (2100 features, 5 units, 100 examples: nine K blocks, the
     * kernel's halves and two threads): fit's costs and parameters to the bit, on both backends.
     */
    @ParameterizedTest
    @CsvSource({"interpreter", "compiled"})
    void fitOfAWideFirstLayerGivesThePlainLoopsBits(String backendName) {
        Backend backend = backend(backendName);
        Dataset data = TestData.random(2100, 100, 7);
        TrainingConfig.Builder config = TrainingConfig.builder().iterations(12).learningRate(0.05);
        DeepNetwork piped = DeepNetwork.builder(2100, 5, 3, 1).backend(backend).seed(2).build();
        DeepNetwork plain = DeepNetwork.builder(2100, 5, 3, 1).backend(backend).seed(2).build();
        assertEquals("W1", PipelinedDescent.start(piped, data.x(), data.y(), config.build()).orElseThrow()
                .fusedParameter());
        List<Long> expected = costs(plain, data, config.pipelined(false));
        List<Long> actual = costs(piped, data, config.pipelined(true));
        assertEquals(12, actual.size());
        assertEquals(expected, actual, "costs");
        for (String p : plain.parameterNames()) {
            assertArrayEquals(plain.parameter(p).data, piped.parameter(p).data, 0.0, p);
        }
        assertNotEquals(expected.get(0), expected.get(11)); // it trained
    }

    /**
     * Momentum's update as the pass's epilogue ({@link Optimizer#rangeUpdate}): the plain loop's
     * costs and parameters to the bit, for a linear unit (halves and wide dots) and a wide first
     * layer, on both backends.
     */
    @ParameterizedTest
    @CsvSource({"interpreter", "compiled"})
    void momentumAsTheEpilogueGivesThePlainLoopsBits(String backendName) {
        Backend backend = backend(backendName);
        TrainingConfig.Builder config = TrainingConfig.builder().iterations(10)
                .optimizer(Optimizer.momentum(0.05, 0.9));
        Dataset linear = TestData.random(1301, 209, 8);
        Dataset wide = TestData.random(2100, 100, 9);
        Network[][] pairs = {
            {LogisticRegression.create(1301, backend), LogisticRegression.create(1301, backend)},
            {DeepNetwork.builder(2100, 5, 1).backend(backend).seed(3).build(),
                DeepNetwork.builder(2100, 5, 1).backend(backend).seed(3).build()}};
        Dataset[] data = {linear, wide};
        for (int c = 0; c < pairs.length; c++) {
            Network piped = pairs[c][0];
            Network plain = pairs[c][1];
            assertTrue(PipelinedDescent.start(piped, data[c].x(), data[c].y(), config.build()).isPresent());
            List<Long> expected = costs(plain, data[c], config.pipelined(false));
            List<Long> actual = costs(piped, data[c], config.pipelined(true));
            assertEquals(10, actual.size());
            assertEquals(expected, actual, "costs, case " + c);
            for (String p : plain.parameterNames()) {
                assertArrayEquals(plain.parameter(p).data, piped.parameter(p).data, 0.0, p + ", case " + c);
            }
        }
    }
}
