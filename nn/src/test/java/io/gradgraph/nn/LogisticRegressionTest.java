package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgraph.core.EquationPrinter;
import io.gradgraph.nn.data.Dataset;
import io.gradgraph.nn.data.Hdf5Dataset;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course's logistic-regression pipeline (load the HDF5 pictures, flatten, /255, zeros,
 * 2000 steps at 0.005, predict, accuracy) against numpy on synthetic pictures in the cat files'
 * layout. The expected numbers were printed by numpy 2.4.6 running the course's code,
 * {@code src/test/resources/reference/logistic_regression.py}; the pictures come from numpy's
 * legacy generator, which {@link NumpyRandom} reproduces bit for bit.
 */
class LogisticRegressionTest {
    @TempDir
    Path dir;

    /** {@code np.floor(rng.rand(m, px, px, 3) * 256).astype(np.uint8)} and {@code rng.rand(1, m) < 0.5}. */
    private Path catFile(String name, String prefix, long seed, int m) {
        int px = 8;
        NumpyRandom rng = new NumpyRandom(seed);
        byte[][][][] x = new byte[m][px][px][3];
        for (int i = 0; i < m; i++) {
            for (int r = 0; r < px; r++) {
                for (int c = 0; c < px; c++) {
                    for (int k = 0; k < 3; k++) {
                        x[i][r][c][k] = (byte) (int) Math.floor(rng.rand() * 256);
                    }
                }
            }
        }
        long[][] y = new long[1][m];
        for (int i = 0; i < m; i++) {
            y[0][i] = rng.rand() < 0.5 ? 1 : 0;
        }
        Path file = dir.resolve(name);
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset(prefix + "_set_x", x, DatasetCreationOptions.builder().unsigned().build());
            hdf.putDataset(prefix + "_set_y", y);
            hdf.putDataset("list_classes", new String[] {"non-cat", "cat"});
        }
        return file;
    }

    @Test
    void reproducesNumpyOnPicturesInTheCatLayout() {
        Dataset train = Hdf5Dataset.loadCatTrain(catFile("train_catvnoncat.h5", "train", 1, 60));
        Dataset test = Hdf5Dataset.loadCatTest(catFile("test_catvnoncat.h5", "test", 2, 20));
        LogisticRegression model = LogisticRegression.create(train.features());

        History history = model.fit(train, TrainingConfig.builder().iterations(2000).learningRate(0.005).build());

        double[] numpy = {0.6931471805599454, 0.6320848307319467, 0.6003777461836391, 0.5713769507090893,
            0.5448055425746636, 0.5204110597830741, 0.4979658823234943, 0.47726648985443804, 0.4581319516385293,
            0.4404020171621481, 0.42393505937924225, 0.40860603145401564, 0.39430453179619396, 0.3809330269482087,
            0.3684052524858354, 0.35664479399205967, 0.34558383974494566, 0.33516209135926606, 0.3253258163715067,
            0.3160270263995275};
        assertEquals(numpy.length, history.entries().size());
        for (int k = 0; k < numpy.length; k++) {
            History.Entry e = history.entries().get(k);
            assertEquals(100 * k, e.iteration());
            assertEquals(History.format("iteration", 100 * k, numpy[k]), history.format(e));
            assertEquals(numpy[k], e.cost(), 1e-13 * numpy[k], "iteration " + e.iteration());
        }
        assertEquals("Cost after iteration 1900: 0.316027", history.lines().get(19));
        assertEquals(98.33333333333333, model.accuracy(train));
        assertEquals(65.0, model.accuracy(test));
        assertEquals(-0.030884336567405177, model.parameter("b").get(0, 0), 1e-13);
        assertEquals(0.353263554901288, model.parameter("w").get(0, 0), 1e-13);
        assertEquals(-0.052568495004754245, model.parameter("w").get(1, 0), 1e-13);
    }

    @Test
    void autodiffDerivesTheCourseGradients() {
        LogisticRegression model = LogisticRegression.create(3);
        assertEquals(List.of("w", "b"), model.parameterNames());
        assertEquals(String.join("\n",
                "dZ = A − Y",
                "dw = (1/m) X·dZᵀ",
                "db = (1/m) Σ_cols dZ"), EquationPrinter.backward(model.gradients()));
    }

    @Test
    void startsAtZeroWithCostLog2() {
        Dataset data = TestData.random(5, 7, 3);
        LogisticRegression model = LogisticRegression.create(5);
        assertEquals(0, model.parameter("w").get(2, 0));
        assertEquals(Math.log(2), model.cost(data.x(), data.y()), 1e-15);
    }

    @Test
    void refusesDropout() {
        Dataset data = TestData.random(5, 7, 3);
        LogisticRegression model = LogisticRegression.create(5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(data, TrainingConfig.builder().keepProb(0.5).build()));
        assertEquals("dropout (keep_prob = 0.5) applies to the activations a model marks with ModelContext.dropout, and LogisticRegression marks none",
                e.getMessage());
    }
}
