package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgraph.nn.io.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved parameters with a NaN or infinity are refused by name and index, and change nothing. */
class LoadRefusalsTest {
    @TempDir
    Path dir;

    @Test
    void aNonFiniteSavedParameterIsRefused() throws IOException {
        DeepNetwork net = DeepNetwork.builder(3, 4, 1).seed(5).build();
        Path file = dir.resolve("model.npz");
        net.save(file);
        Map<String, DMatrixRMaj> arrays = new LinkedHashMap<>(Npy.readNpz(file));
        DMatrixRMaj w2 = arrays.get("W2").copy();
        w2.set(0, 3, Double.NaN);
        arrays.put("W2", w2);
        Path bad = dir.resolve("bad.npz");
        Npy.writeNpz(bad, arrays);
        double[] before = net.parameter("W1").data.clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.load(bad));
        assertEquals(bad + ": parameter 'W2' holds NaN at [0, 3]; parameters must be finite", e.getMessage());
        assertArrayEquals(before, net.parameter("W1").data, "nothing is loaded from a refused file");
    }

    /** Data of zero examples that bypass the loaders: training refuses them instead of a NaN cost. */
    @Test
    void zeroExamplesAreRefusedByTraining() {
        for (boolean pipelined : new boolean[] {true, false}) {
            DeepNetwork net = DeepNetwork.builder(3, 4, 1).seed(5).build();
            io.gradgraph.nn.data.Dataset empty = new io.gradgraph.nn.data.Dataset(new DMatrixRMaj(3, 0), new DMatrixRMaj(1, 0));
            RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> net.fit(empty, TrainingConfig.builder().iterations(2).pipelined(pipelined).build()));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("must be at least 1, got 0"), e.getMessage());
        }
    }
}
