package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.EquationPrinter;
import io.gradgraph.nn.data.Dataset;
import io.gradgraph.nn.data.SpiralDataset;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DeepNetwork with a softmax output over K classes, on the spiral demo data. */
class MultiClassTest {

    @Test
    void learnsTheSpiralsAndScoresByClass() {
        Dataset train = SpiralDataset.load(3, 100, 1);
        Dataset test = SpiralDataset.load(3, 50, 2);
        DeepNetwork net = DeepNetwork.builder(2, 50, 3).output(OutputLayer.SOFTMAX).initializer(Initializer.HE).build();
        History h = net.fit(train, TrainingConfig.builder().epochs(300).batchSize(64)
                .optimizer(Optimizer.adam(0.01)).build());
        assertTrue(h.finalCost() < 0.3, () -> "cost " + h.finalCost());
        assertTrue(net.accuracy(train) > 90, () -> "train " + net.accuracy(train));
        assertTrue(net.accuracy(test) > 85, () -> "test " + net.accuracy(test));

        DMatrixRMaj predicted = net.predict(test.x());
        assertEquals(1, predicted.numRows);
        int correct = 0;
        for (int j = 0; j < test.examples(); j++) {
            double p = predicted.get(0, j);
            assertTrue(p == 0 || p == 1 || p == 2);
            correct += p == test.y().get(0, j) ? 1 : 0;
        }
        assertEquals(100.0 * correct / test.examples(), net.accuracy(test));
        DMatrixRMaj probabilities = net.probabilities(test.x());
        assertEquals(3, probabilities.numRows);
        for (int j = 0; j < test.examples(); j++) {
            assertEquals(1, probabilities.get(0, j) + probabilities.get(1, j) + probabilities.get(2, j), 1e-12);
        }
    }

    @Test
    void derivesTheCourseOutputLayerGradientAndPassesTheGradientCheck() {
        // tanh: the spirals start at the origin, where ReLU units sit on their kink (Z = b = 0)
        DeepNetwork net = DeepNetwork.builder(2, 5, 4, 3).output(OutputLayer.SOFTMAX).hiddenActivation(Activation.TANH)
                .build();
        String backward = EquationPrinter.backward(net.gradients());
        assertTrue(backward.startsWith("dZ3 = A3 − Y\n"), backward);
        Dataset data = SpiralDataset.load(3, 4, 5);
        GradientCheck.Report report = GradientCheck.builder().l2(0.2).build().check(net, data.x(), data.y());
        assertTrue(report.passed(), report::toString);
    }

    @Test
    void labelsOutsideTheClassesAreRefusedNamingTheExample() {
        DeepNetwork net = DeepNetwork.builder(2, 4, 3).output(OutputLayer.SOFTMAX).build();
        DMatrixRMaj x = new DMatrixRMaj(2, 3);
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0, 3, 1}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.fit(x, y, TrainingConfig.builder().iterations(1).build()));
        assertEquals("label 3.0 of example 1 is not a class 0…2 (K = 3, the size of the output layer)", e.getMessage());
        DMatrixRMaj half = new DMatrixRMaj(new double[][] {{0, 0.5, 1}});
        assertThrows(IllegalArgumentException.class, () -> net.accuracy(x, half));
        assertThrows(IllegalArgumentException.class, () -> DeepNetwork.builder(2, 4, 1).output(OutputLayer.SOFTMAX).build());
    }

    @Test
    void oneHotEncodingAndSaveLoad(@TempDir Path dir) throws Exception {
        DeepNetwork net = DeepNetwork.builder(2, 4, 3).output(OutputLayer.SOFTMAX).build();
        DMatrixRMaj oneHot = net.encodeLabels(new DMatrixRMaj(new double[][] {{2, 0, 1}}));
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 1, 1, 0, 0}, oneHot.data);
        Dataset data = SpiralDataset.load(3, 10, 3);
        net.fit(data, TrainingConfig.builder().iterations(20).learningRate(0.5).keepProb(0.8).l2(0.1).build());
        net.save(dir.resolve("k.npz"));
        DeepNetwork other = DeepNetwork.builder(2, 4, 3).output(OutputLayer.SOFTMAX).seed(9).build();
        other.load(dir.resolve("k.npz"));
        assertArrayEquals(net.predict(data.x()).data, other.predict(data.x()).data);
        assertEquals(net.cost(data.x(), data.y()), other.cost(data.x(), data.y()));
    }
}
