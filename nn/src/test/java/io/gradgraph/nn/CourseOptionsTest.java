package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.gradgraph.nn.data.Dataset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Improving-deep-networks notebooks' remaining options: dropout reseeding and the printed epoch cost. */
class CourseOptionsTest {

    @Test
    void lastBatchEpochCostIsTheCostOfTheEpochsLastMiniBatchBeforeItsUpdate() {
        Dataset data = TestData.random(3, 50, 4);
        TrainingConfig mean = TrainingConfig.builder().epochs(3).batchSize(16).costEvery(1).learningRate(0.5).build();
        TrainingConfig last = mean.toBuilder().epochCost(TrainingConfig.EpochCost.LAST_BATCH).build();
        DeepNetwork a = DeepNetwork.builder(3, 4, 1).build();
        DeepNetwork b = DeepNetwork.builder(3, 4, 1).build();
        History hm = a.fit(data, mean);
        History hl = b.fit(data, last);
        // the same training, only what is reported differs
        assertEquals(a.parameters().get("W1").data[0], b.parameters().get("W1").data[0]);
        assertNotEquals(hm.cost(2), hl.cost(2));

        // replay epoch 2 by hand: its batches (50 = 3·16 + 2), each costed before its gradient-descent update
        DeepNetwork replay = DeepNetwork.builder(3, 4, 1).build();
        replay.fit(data, mean.toBuilder().epochs(2).build());
        List<Dataset> batches = MiniBatches.random(data, 16, 10 + 1 + 2);
        Optimizer.State state = Optimizer.gd(0.5).start(replay.live());
        double cost = Double.NaN;
        double weighted = 0;
        for (Dataset batch : batches) {
            cost = replay.cost(batch.x(), batch.y());
            weighted += cost * batch.examples();
            state.step(List.copyOf(TestData.gradients(replay, batch.x(), batch.y()).values()));
        }
        assertEquals(2, batches.get(batches.size() - 1).examples());
        assertEquals(cost, hl.cost(2));
        assertEquals(weighted / 50, hm.cost(2));
    }

    @Test
    void dropoutReseedDrawsTheSameMasksEveryStep() {
        Dataset data = TestData.random(3, 20, 2);
        // with a learning rate too small to move the parameters, reseeded masks give the same cost every step
        TrainingConfig reseed = TrainingConfig.builder().iterations(3).costEvery(1).learningRate(1e-300)
                .keepProb(0.5).dropoutSeed(1).dropoutReseed(true).build();
        History same = DeepNetwork.builder(3, 6, 1).build().fit(data, reseed);
        assertEquals(same.cost(0), same.cost(1));
        assertEquals(same.cost(0), same.cost(2));
        History fresh = DeepNetwork.builder(3, 6, 1).build().fit(data, reseed.toBuilder().dropoutReseed(false).build());
        assertEquals(same.cost(0), fresh.cost(0));
        assertNotEquals(fresh.cost(0), fresh.cost(1));
    }
}
