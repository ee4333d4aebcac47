package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Node;
import io.gradgraph.nn.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Graphs are built and compiled once, then run for every step, batch size and prediction. */
class BackendTest {

    /** Delegates to the interpreter and records what it was asked to compile. */
    static final class Recording implements Backend {
        final List<List<Node>> compiled = new ArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public Executable compile(List<Node> outputs) {
            compiled.add(List.copyOf(outputs));
            return Backend.interpreter().compile(outputs);
        }
    }

    @Test
    void eachGraphIsCompiledOnceWhateverTheBatchSizes() {
        Recording backend = new Recording();
        DeepNetwork net = DeepNetwork.builder(3, 5, 2, 1).backend(backend).build();
        Dataset data = TestData.random(3, 50, 1);

        net.fit(data, TrainingConfig.builder().epochs(20).batchSize(16).build()); // 16, 16, 16 and 2 columns
        net.fit(data, TrainingConfig.builder().iterations(20).build());
        assertEquals(1, backend.compiled.size(), "one training executable: J and the 6 gradients");
        assertEquals(7, backend.compiled.get(0).size());

        net.predict(data.x());
        net.predict(TestData.random(3, 7, 2).x());
        net.accuracy(data);
        assertEquals(2, backend.compiled.size(), "plus one prediction executable");
        assertEquals(List.of(net.outputNode()), backend.compiled.get(1));

        net.fit(data, TrainingConfig.builder().iterations(2).l2(0.1).build());
        net.fit(data, TrainingConfig.builder().iterations(2).l2(0.5).keepProb(0.5).build());
        net.fit(data, TrainingConfig.builder().iterations(2).l2(0.9).keepProb(0.9).build());
        assertEquals(4, backend.compiled.size(), "one more graph for L2, one for L2 with dropout");
    }

    @Test
    void aTrainingConfigCanOverrideTheModelsBackend() {
        Recording backend = new Recording();
        DeepNetwork a = DeepNetwork.builder(3, 4, 1).build();
        DeepNetwork b = DeepNetwork.builder(3, 4, 1).build();
        Dataset data = TestData.random(3, 12, 1);
        History ha = a.fit(data, TrainingConfig.builder().iterations(10).backend(backend).build());
        History hb = b.fit(data, TrainingConfig.builder().iterations(10).build());
        assertTrue(!backend.compiled.isEmpty());
        assertArrayEquals(hb.costs(), ha.costs());
        assertEquals(Backend.preferred().name(), a.backend().name(), "the model keeps its own backend");
    }

    /** graph-codegen is on the test class path, so the models' default is generated code. */
    @Test
    void theModelsDefaultToGeneratedCode() {
        assertEquals("compiled", Backend.preferred().name());
        assertEquals("compiled", DeepNetwork.builder(3, 4, 1).build().backend().name());
        assertEquals("compiled", ShallowNetwork.builder(2, 4).build().backend().name());
        assertEquals("compiled", LogisticRegression.create(3).backend().name());
    }
}
