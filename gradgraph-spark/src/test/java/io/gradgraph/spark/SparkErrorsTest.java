package io.gradgraph.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgraph.nn.ShallowNetwork;
import io.gradgraph.nn.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Bad input gets one clear line: what is wrong, and in which partition and row. */
class SparkErrorsTest {
    private static final TrainingConfig CONFIG = TrainingConfig.builder().iterations(3).learningRate(0.1).build();

    /** Ten examples with two features in two partitions of five. */
    private static List<Example> ten() {
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(Example.of(new double[] {i, -i}, i % 2));
        }
        return out;
    }

    private static String failure(List<Example> examples) {
        ShallowNetwork net = ShallowNetwork.builder(2, 3).build();
        var before = net.parameter("W1");
        SparkTrainingException e = assertThrows(SparkTrainingException.class,
                () -> new SparkTrainer(TestSpark.context()).fit(net, TestSpark.context().parallelize(examples, 2), CONFIG));
        assertArrayEquals(before.data, net.parameter("W1").data, "a failed training must leave the parameters as they were");
        return e.getMessage();
    }

    @Test
    void anEmptyDatasetIsRefused() {
        assertEquals("the training data has no examples (2 partitions, all empty)", failure(List.of()));
    }

    @Test
    void aWrongFeatureWidthNamesItsPartitionAndRow() {
        List<Example> examples = ten();
        examples.set(7, Example.of(new double[] {1, 2, 3}, 1));
        assertEquals("partition 1, row 2: 3 features, but the model takes 2", failure(examples));
    }

    @Test
    void notANumberNamesItsPartitionAndRow() {
        List<Example> examples = ten();
        examples.set(9, Example.of(new double[] {1, Double.NaN}, 0));
        assertEquals("partition 1, row 4: feature 1 is NaN", failure(examples));
        examples = ten();
        examples.set(0, Example.of(new double[] {1, 2}, Double.POSITIVE_INFINITY));
        assertEquals("partition 0, row 0: label 0 is Infinity", failure(examples));
    }

    @Test
    void aTableCellThatIsNotANumberNamesItsPartitionAndRow() {
        StructType schema = new StructType().add("a", DataTypes.StringType).add("b", DataTypes.DoubleType)
                .add("y", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(RowFactory.create(i == 4 ? "four" : Integer.toString(i), (double) i, (double) (i % 2)));
        }
        Dataset<Row> table = TestSpark.session().createDataFrame(rows, schema).repartition(1);
        ShallowNetwork net = ShallowNetwork.builder(2, 3).build();
        SparkTrainingException e = assertThrows(SparkTrainingException.class, () -> new SparkTrainer(TestSpark.context())
                .fit(net, SparkData.assemble(table, "y"), "features", "label", CONFIG));
        assertEquals("partition 0, row 4: column features element 0 is null, not a number", e.getMessage());
    }

    @Test
    void dropoutIsRefusedWithTheReason() {
        ShallowNetwork net = ShallowNetwork.builder(2, 3).build();
        TrainingConfig dropout = TrainingConfig.builder().iterations(1).keepProb(0.8).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SparkTrainer(
                TestSpark.context()).fit(net, TestSpark.context().parallelize(ten(), 2), dropout));
        assertEquals("dropout is not supported on Spark yet (keep_prob = 0.8): masks drawn per partition would not"
                + " reproduce a local run's", e.getMessage());
    }
}
