package io.gradgraph.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.nn.DeepNetwork;
import io.gradgraph.nn.History;
import io.gradgraph.nn.Initializer;
import io.gradgraph.nn.Loss;
import io.gradgraph.nn.Model;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.Optimizer;
import io.gradgraph.nn.Prediction;
import io.gradgraph.nn.ShallowNetwork;
import io.gradgraph.nn.TrainingConfig;
import io.gradgraph.nn.data.Dataset;
import io.gradgraph.nn.data.PlanarDataset;
import io.gradgraph.nn.data.SpiralDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on Spark against training locally: the same costs, up to the order of the sums. */
class SparkTrainerTest {
    /** The largest relative difference any test here saw between a Spark cost and the local one. */
    static double largest;

    static JavaRDD<Example> rdd(Dataset data, int partitions) {
        return TestSpark.context().parallelize(examples(data), partitions);
    }

    static List<Example> examples(Dataset data) {
        DMatrixRMaj x = data.x();
        DMatrixRMaj y = data.y();
        List<Example> out = new ArrayList<>();
        for (int j = 0; j < x.numCols; j++) {
            double[] f = new double[x.numRows];
            for (int i = 0; i < f.length; i++) {
                f[i] = x.get(i, j);
            }
            double[] l = new double[y.numRows];
            for (int i = 0; i < l.length; i++) {
                l[i] = y.get(i, j);
            }
            out.add(new Example(f, l));
        }
        return out;
    }

    static void assertClose(String what, double[] local, double[] spark) {
        assertEquals(local.length, spark.length);
        double worst = 0;
        for (int i = 0; i < local.length; i++) {
            worst = Math.max(worst, Math.abs(spark[i] - local[i]) / Math.abs(local[i]));
        }
        synchronized (SparkTrainerTest.class) {
            largest = Math.max(largest, worst);
        }
        System.out.printf("%s: largest relative difference, Spark vs local: %.3g%n", what, worst);
        assertTrue(worst <= 1e-12, "Spark's costs differ from the local ones by up to " + worst + " (relative)");
    }

    private static double[] local(Network net, Dataset data, TrainingConfig config) {
        History h = net.fit(data, config);
        return h.costs();
    }

    @Test
    void fullBatchGradientDescentReproducesTheLocalCosts() {
        Dataset flower = PlanarDataset.load();
        TrainingConfig config = TrainingConfig.builder().iterations(100).learningRate(1.2).costEvery(1).build();
        ShallowNetwork local = ShallowNetwork.builder(2, 4).build();
        ShallowNetwork spark = ShallowNetwork.builder(2, 4).build();
        double[] expected = local(local, flower, config);
        SparkTrainer.Result r = new SparkTrainer(TestSpark.context()).fit(spark, rdd(flower, 4), config);
        assertEquals(400, r.examples());
        assertEquals(4, r.partitions());
        assertClose("shallow, GD, costs", expected, r.costs());
        assertClose("shallow, GD, W1 after training", local.parameter("W1").data, spark.parameter("W1").data);
    }

    @Test
    void momentumAndAdamReproduceTheLocalCostsOnSmallBlocks() {
        Dataset flower = PlanarDataset.load();
        for (Optimizer optimizer : List.of(Optimizer.momentum(0.5, 0.9), Optimizer.adam(0.01))) {
            TrainingConfig config = TrainingConfig.builder().iterations(25).optimizer(optimizer).costEvery(1).build();
            DeepNetwork local = DeepNetwork.builder(2, 5, 3, 1).build();
            DeepNetwork spark = DeepNetwork.builder(2, 5, 3, 1).build();
            double[] expected = local(local, flower, config);
            // 3 partitions of blocks of at most 50 examples: more partial sums than examples / 50
            SparkTrainer.Result r = new SparkTrainer(TestSpark.context()).examplesPerBlock(50)
                    .fit(spark, rdd(flower, 3), config);
            assertClose("deep, " + optimizer + ", costs", expected, r.costs());
        }
    }

    @Test
    void miniBatchesReproduceTheLocalShuffles() {
        Dataset flower = PlanarDataset.load();
        TrainingConfig config = TrainingConfig.builder().iterations(5).optimizer(Optimizer.adam(0.01))
                .batchSize(64).costEvery(1).build();
        DeepNetwork local = DeepNetwork.builder(2, 5, 3, 1).build();
        DeepNetwork spark = DeepNetwork.builder(2, 5, 3, 1).build();
        double[] expected = local(local, flower, config);
        SparkTrainer.Result r = new SparkTrainer(TestSpark.context()).examplesPerBlock(70)
                .fit(spark, rdd(flower, 3), config);
        assertEquals("epoch", r.unit());
        assertClose("deep, mini-batches of 64, Adam, costs", expected, r.costs());
    }

    @Test
    void csvAndParquetFilesTrainAsTheSameDataInMemory(@TempDir Path dir) throws IOException {
        Dataset flower = PlanarDataset.load();
        StringBuilder csv = new StringBuilder("x1,x2,label\n");
        for (int j = 0; j < flower.examples(); j++) {
            csv.append(flower.x().get(0, j)).append(',').append(flower.x().get(1, j)).append(',')
                    .append(flower.y().get(0, j)).append('\n');
        }
        Path file = dir.resolve("flower.csv");
        Files.writeString(file, csv);
        TrainingConfig config = TrainingConfig.builder().iterations(20).learningRate(1.2).costEvery(1).build();
        double[] expected = local(ShallowNetwork.builder(2, 4).build(), flower, config);

        SparkSession spark = TestSpark.session();
        var table = spark.read().option("header", true).option("inferSchema", true).csv(file.toString());
        var rows = SparkData.assemble(table, "label");
        SparkTrainer.Result fromCsv = new SparkTrainer(TestSpark.context())
                .fit(ShallowNetwork.builder(2, 4).build(), rows, "features", "label", config);
        assertClose("shallow, GD, from CSV", expected, fromCsv.costs());

        String parquet = dir.resolve("flower.parquet").toString();
        rows.write().parquet(parquet);
        SparkTrainer.Result fromParquet = new SparkTrainer(TestSpark.context())
                .fit(ShallowNetwork.builder(2, 4).build(), spark.read().parquet(parquet), "features", "label", config);
        assertClose("shallow, GD, from Parquet", expected, fromParquet.costs());
    }

    /**
     * K one-vs-all sigmoid units with class labels (one-hot encoded into Y) and the binary
     * cross-entropy of each unit: a multi-class model whose step the code generator compiles.
     */
    private static Model oneVsAll(int classes) {
        return Model.builder("one-vs-all", 2, classes)
                .weight("W1", 8, 2, Initializer.HE).bias("b1", 8)
                .weight("W2", classes, 8, Initializer.XAVIER).bias("b2", classes)
                .forward(c -> {
                    Graph g = c.graph();
                    Node a1 = g.tanh(g.add(g.matmul(c.parameter("W1"), c.features()), c.parameter("b1")));
                    return g.sigmoid(g.add(g.matmul(c.parameter("W2"), a1), c.parameter("b2")));
                })
                .loss(Loss.binaryCrossEntropy())
                .prediction(Prediction.argmax())
                .classLabels()
                .seed(2).build();
    }

    @Test
    void classLabelsAreOneHotEncodedAsLocally() {
        Dataset spiral = SpiralDataset.load(3, 40, 1);
        TrainingConfig config = TrainingConfig.builder().iterations(20).optimizer(Optimizer.adam(0.05)).costEvery(1)
                .build();
        Network local = new Network(oneVsAll(3));
        double[] expected = local(local, spiral, config);
        Network spark = new Network(oneVsAll(3));
        SparkTrainer.Result r = new SparkTrainer(TestSpark.context()).fit(spark, rdd(spiral, 2), config);
        assertClose("3 classes one-hot, one-vs-all, Adam, costs", expected, r.costs());
        assertEquals(local.accuracy(spiral), spark.accuracy(spiral));

        List<Example> examples = examples(spiral);
        examples.set(7, Example.of(examples.get(7).features(), 3));
        SparkTrainingException e = assertThrows(SparkTrainingException.class, () -> new SparkTrainer(TestSpark.context())
                .fit(new Network(oneVsAll(3)), TestSpark.context().parallelize(examples, 2), config));
        assertEquals("partition 0, row 7: label 3.0 is not a class 0…2", e.getMessage());
    }
}
