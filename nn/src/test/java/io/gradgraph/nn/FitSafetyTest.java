package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.nn.data.Dataset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** fit stops at a non-finite cost with one clear message, and a network trains one fit at a time. */
class FitSafetyTest {

    @Test
    void aNaNParameterStopsTrainingNamingTheIterationAndTheParameter() {
        ShallowNetwork net = ShallowNetwork.builder(2, 3).build();
        DMatrixRMaj w2 = net.parameter("W2");
        w2.set(0, 1, Double.NaN);
        net.setParameter("W2", w2);
        Dataset data = TestData.random(2, 10, 1);
        NonFiniteCostException e = assertThrows(NonFiniteCostException.class,
                () -> net.fit(data, TrainingConfig.builder().iterations(5).build()));
        assertEquals("training stopped: the cost of iteration 0 is nan; first non-finite parameter W2[0,1] = NaN."
                + " (TrainingConfig.Builder.continueOnNonFinite() trains on regardless.)", e.getMessage());
        assertEquals(0, e.iteration());
        assertEquals(0, e.history().entries().size());
    }

    @Test
    void aDivergingRateStopsAtTheFirstNonFiniteCostNamingAGradientOrParameter() {
        DeepNetwork net = DeepNetwork.builder(2, 4, 1).initializer(Initializer.normal(10)).build();
        Dataset data = TestData.random(2, 20, 3);
        // 100 × the data: the logits overflow, and a huge rate sends the parameters to infinity
        for (int i = 0; i < data.x().getNumElements(); i++) {
            data.x().data[i] *= 1e150;
        }
        NonFiniteCostException e = assertThrows(NonFiniteCostException.class,
                () -> net.fit(data, TrainingConfig.builder().iterations(50).learningRate(1e300).build()));
        assertTrue(e.getMessage().startsWith("training stopped: the cost of iteration " + e.iteration() + " is "),
                e.getMessage());
        assertTrue(e.getMessage().contains("first non-finite parameter") || e.getMessage().contains("first non-finite"
                + " gradient") || e.getMessage().contains("the cost itself overflowed"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void continueOnNonFiniteRecordsTheNaNsAndTrainsOn() {
        ShallowNetwork net = ShallowNetwork.builder(2, 3).build();
        DMatrixRMaj w2 = net.parameter("W2");
        w2.set(0, 0, Double.POSITIVE_INFINITY);
        net.setParameter("W2", w2);
        History h = net.fit(TestData.random(2, 10, 1),
                TrainingConfig.builder().iterations(3).costEvery(1).continueOnNonFinite().build());
        assertEquals(3, h.entries().size());
        assertTrue(Double.isNaN(h.finalCost()));
    }

    @Test
    void mini_batchesNameTheBatch() {
        LogisticRegression net = LogisticRegression.create(2);
        Dataset data = TestData.random(2, 10, 1);
        data.x().set(1, 7, Double.NaN);
        NonFiniteCostException e = assertThrows(NonFiniteCostException.class,
                () -> net.fit(data, TrainingConfig.builder().epochs(2).batchSize(4).build()));
        assertTrue(e.getMessage().startsWith("training stopped: the cost of epoch 0 (mini-batch "), e.getMessage());
    }

    /**
     * While a fit runs, a second fit, a gradient check and reads of the parameters it changes in
     * place (outputs, costs, copies) are refused from other threads; its own callbacks may read.
     */
    @Test
    void aSecondConcurrentFitAndReadsFromOtherThreadsAreRefused() throws Exception {
        DeepNetwork net = DeepNetwork.builder(2, 4, 1).build();
        Dataset data = TestData.random(2, 50, 2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "trainer"));
        try {
            Future<History> first = pool.submit(() -> net.fit(data, TrainingConfig.builder().iterations(3)
                    .callback((i, cost) -> {
                        net.output(data.x()); // the training thread itself may
                        started.countDown();
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }).build()));
            assertTrue(started.await(30, TimeUnit.SECONDS));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> net.fit(data, TrainingConfig.builder().iterations(1).build()));
            assertEquals("DeepNetwork is already training (fit running in thread 'trainer'); a network trains one fit"
                    + " at a time: wait for it, or train a second network", e.getMessage());
            assertThrows(IllegalStateException.class,
                    () -> GradientCheck.standard().check(net, data.x(), data.y()));
            e = assertThrows(IllegalStateException.class, () -> net.predict(data.x()));
            assertEquals("cannot compute outputs while DeepNetwork is training", e.getMessage());
            assertThrows(IllegalStateException.class, () -> net.cost(data.x(), data.y()));
            assertThrows(IllegalStateException.class, net::parameters);
            assertThrows(IllegalStateException.class, () -> net.parameter("W1"));
            release.countDown();
            assertEquals(3, first.get(30, TimeUnit.SECONDS).iterations());
            net.fit(data, TrainingConfig.builder().iterations(1).build()); // free again
            assertEquals(data.examples(), net.predict(data.x()).numCols);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
