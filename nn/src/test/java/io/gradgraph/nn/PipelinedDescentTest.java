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
    void appliesOnlyToFullBatchGradientDescentOnTheLinearUnit() {
        Dataset data = TestData.random(4, 20, 5);
        TrainingConfig.Builder gd = TrainingConfig.builder().learningRate(0.1);
        LogisticRegression logistic = LogisticRegression.create(4);
        assertTrue(PipelinedDescent.start(logistic, data.x(), data.y(), gd.build()).isPresent());
        List<TrainingConfig> others = List.of(
                TrainingConfig.builder().pipelined(false).build(),
                TrainingConfig.builder().optimizer(Optimizer.momentum(0.1, 0.9)).build(),
                TrainingConfig.builder().optimizer(Optimizer.adam(0.01)).build(),
                TrainingConfig.builder().batchSize(8).build(),
                TrainingConfig.builder().l2(0.5).build()); // dw gets a (λ/m)·w term
        for (TrainingConfig c : others) {
            assertFalse(PipelinedDescent.start(logistic, data.x(), data.y(), c).isPresent(), c.toString());
        }
        // batches of at least m are the full batch
        assertTrue(PipelinedDescent.start(logistic, data.x(), data.y(),
                TrainingConfig.builder().batchSize(20).build()).isPresent());
        // W1 of a hidden layer is n_h×n_x, not a column: no pattern
        assertFalse(PipelinedDescent.start(ShallowNetwork.builder(4, 3).build(), data.x(), data.y(),
                gd.build()).isPresent());
        assertFalse(PipelinedDescent.start(DeepNetwork.builder(4, 1).build(), data.x(), data.y(),
                gd.build()).isPresent());
    }
}
