package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgraph.core.Backend;
import io.gradgraph.nn.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One network shared by many threads: predictions and costs from threads that start together on a
 * fresh network (so they race to compile its graphs) are bit for bit the single-threaded ones.
 * (Reads from other threads while a fit runs are refused: {@code FitSafetyTest}.)
 */
class SharedNetworkTest {
    private static final int THREADS = 8;
    private static final int RUNS = 40;

    @ParameterizedTest
    @ValueSource(strings = {"interpreter", "preferred"})
    void manyThreadsPredictOnOneFreshNetworkAsOneThreadDoes(String backendName) throws Exception {
        Backend backend = backendName.equals("interpreter") ? Backend.interpreter() : Backend.preferred();
        Dataset data = TestData.random(3, 120, 7);
        DeepNetwork trained = DeepNetwork.builder(3, 6, 4, 1).backend(backend).build();
        trained.fit(data, TrainingConfig.builder().iterations(20).learningRate(0.5).build());
        List<DMatrixRMaj> batches = new ArrayList<>();
        for (int b = 0; b < THREADS; b++) {
            batches.add(TestData.random(3, 10 + 17 * b, 100 + b).x());
        }
        // the expected values, from a network of its own on this thread
        DeepNetwork reference = DeepNetwork.builder(3, 6, 4, 1).backend(backend).build();
        reference.setParameters(trained.parameters());
        List<DMatrixRMaj> expected = new ArrayList<>();
        for (DMatrixRMaj x : batches) {
            expected.add(reference.output(x));
        }
        double expectedCost = reference.cost(data.x(), data.y());

        DeepNetwork shared = DeepNetwork.builder(3, 6, 4, 1).backend(backend).build(); // nothing compiled yet
        shared.setParameters(trained.parameters());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < RUNS; r++) {
                        int b = (first + r) % THREADS;
                        assertArrayEquals(expected.get(b).data, shared.output(batches.get(b)).data, 0.0,
                                "batch " + b + ", run " + r);
                        if (r % 8 == first % 8) {
                            assertEquals(expectedCost, shared.cost(data.x(), data.y()), 0.0);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int b = 0; b < THREADS; b++) {
            assertArrayEquals(expected.get(b).data, shared.output(batches.get(b)).data, 0.0);
        }
    }
}
