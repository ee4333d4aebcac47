package io.gradgraph.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Backend;
import io.gradgraph.nn.DeepNetwork;
import io.gradgraph.nn.History;
import io.gradgraph.nn.LogisticRegression;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.Optimizer;
import io.gradgraph.nn.ShallowNetwork;
import io.gradgraph.nn.TrainingConfig;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The benchmark workloads compute what they claim: the interpreter and generated code agree on
 * every workload, and the harness's steps are nn's training loop (same parameters after the same
 * steps). Correctness only: nothing here is timed.
 */
class WorkloadsTest {

    @ParameterizedTest
    @ValueSource(strings = {"logistic", "shallow", "deep", "deep_adam"})
    void interpreterAndGeneratedCodeAgree(String name) {
        Workload interpreted = Workloads.create(name, Backend.interpreter());
        Workload compiled = Workloads.create(name, Backend.compiled());
        for (int i = 0; i < Workloads.checkUnits(name); i++) {
            interpreted.run();
            compiled.run();
        }
        assertEquals(interpreted.steps(), compiled.steps());
        assertTrue(Double.isFinite(compiled.cost()), "cost " + compiled.cost());
        assertEquals(interpreted.cost(), compiled.cost(), 1e-12 * Math.abs(interpreted.cost()), name + " cost");
        assertClose(interpreted.parameters(), compiled.parameters(), 1e-10, name);
    }

    @Test
    void fullBatchStepsAreNnTrainingSteps() {
        Workload w = Workloads.create("shallow", Backend.compiled());
        for (int i = 0; i < 5; i++) {
            w.run();
        }
        ShallowNetwork net = ShallowNetwork.builder(2, 4).backend(Backend.compiled()).build();
        DMatrixRMaj[] xy = Workloads.planarData();
        net.fit(xy[0], xy[1], TrainingConfig.builder().iterations(5).learningRate(1.2).build());
        assertClose(net.parameters(), w.parameters(), 0, "shallow vs ShallowNetwork.fit");
    }

    /** The pipelined workloads take fit's steps, which are the plain loop's to the bit. */
    @ParameterizedTest
    @ValueSource(strings = {"logistic", "deep"})
    void pipelinedStepsAreFitsStepsAndThePlainLoops(String name) {
        Workload w = Workloads.create(name, Backend.compiled());
        for (int i = 0; i < 3; i++) {
            w.run();
        }
        DMatrixRMaj[] xy = Workloads.pictureData();
        for (boolean pipelined : new boolean[] {true, false}) {
            Network net = name.equals("logistic") ? LogisticRegression.create(Workloads.LAYERS[0], Backend.compiled())
                    : DeepNetwork.builder(Workloads.LAYERS).backend(Backend.compiled()).build();
            History h = net.fit(xy[0], xy[1], TrainingConfig.builder().iterations(3)
                    .learningRate(name.equals("logistic") ? 0.005 : 0.0075).costEvery(1).pipelined(pipelined).build());
            assertEquals(Double.doubleToLongBits(h.finalCost()), Double.doubleToLongBits(w.cost()));
            assertClose(net.parameters(), w.parameters(), 0, name + " vs fit, pipelined=" + pipelined);
        }
    }

    @Test
    void miniBatchEpochsAreNnTrainingEpochs() {
        Workload w = Workloads.create("deep_adam", Backend.compiled());
        w.run();
        w.run();
        assertEquals(8, w.steps());
        DeepNetwork net = DeepNetwork.builder(Workloads.LAYERS).backend(Backend.compiled()).build();
        DMatrixRMaj[] xy = Workloads.pictureData();
        // nn's fit shuffles epoch i with seed shuffleSeed + 1 + i: 11, 12 as the course's model()
        net.fit(xy[0], xy[1], TrainingConfig.builder().epochs(2).batchSize(64).shuffleSeed(10)
                .optimizer(Optimizer.adam(0.0007)).build());
        assertClose(net.parameters(), w.parameters(), 0, "deep_adam vs DeepNetwork.fit");
    }

    @Test
    void unknownNamesAreRejected() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Workloads.create("resnet", Backend.interpreter()));
        assertTrue(e.getMessage().contains("deep_adam"), e.getMessage());
    }

    private static void assertClose(Map<String, DMatrixRMaj> expected, Map<String, DMatrixRMaj> actual,
                                    double relative, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        for (String p : expected.keySet()) {
            DMatrixRMaj e = expected.get(p);
            DMatrixRMaj a = actual.get(p);
            assertEquals(e.numRows, a.numRows, what + " " + p);
            assertEquals(e.numCols, a.numCols, what + " " + p);
            double scale = 0;
            for (int i = 0; i < e.getNumElements(); i++) {
                scale = Math.max(scale, Math.abs(e.data[i]));
            }
            for (int i = 0; i < e.getNumElements(); i++) {
                assertEquals(e.data[i], a.data[i], relative * scale, what + " " + p + "[" + i + "]");
            }
        }
    }
}
