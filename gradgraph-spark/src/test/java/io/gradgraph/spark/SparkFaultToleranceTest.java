package io.gradgraph.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgraph.nn.DeepNetwork;
import io.gradgraph.nn.Optimizer;
import io.gradgraph.nn.TrainingConfig;
import io.gradgraph.nn.data.PlanarDataset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A task that fails on its first attempt is retried by Spark ({@code local[2,2]} allows one retry),
 * and the step's gradient counts it once: the costs are the bits of a run without failures.
 */
class SparkFaultToleranceTest {
    /** The attempts of the task that fails, seen by the hook (executors run in this JVM). */
    static final List<Integer> ATTEMPTS = new CopyOnWriteArrayList<>();

    @Test
    void aRetriedTaskAddsItsGradientOnce() {
        TrainingConfig config = TrainingConfig.builder().iterations(6).optimizer(Optimizer.adam(0.01)).costEvery(1)
                .build();
        var data = SparkTrainerTest.rdd(PlanarDataset.load(), 3);
        SparkTrainer.Result clean = new SparkTrainer(TestSpark.context())
                .fit(DeepNetwork.builder(2, 5, 1).build(), data, config);

        DeepNetwork net = DeepNetwork.builder(2, 5, 1).build();
        SparkTrainer.Result retried = new SparkTrainer(TestSpark.context()).hook((step, context) -> {
            if (step == 2 && context.partitionId() == 1) {
                ATTEMPTS.add(context.attemptNumber());
                if (context.attemptNumber() == 0) {
                    throw new IllegalStateException("injected failure of step 2, partition 1, attempt 0");
                }
            }
        }).fit(net, data, config);

        assertEquals(List.of(0, 1), ATTEMPTS, "step 2's task for partition 1 failed once and ran again");
        assertArrayEquals(clean.costs(), retried.costs(), "the same bits as the run without a failure");
    }
}
