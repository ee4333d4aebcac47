package io.gradgraph.spark;

import io.gradgraph.nn.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.ejml.data.DMatrixRMaj;

/**
 * Getting examples into Spark: table columns assembled into a features array, and an in-memory
 * data set (such as the cat pictures read from HDF5) sent to the cluster once.
 *
 * <pre>{@code
 * Dataset<Row> csv = spark.read().option("header", true).option("inferSchema", true).csv("train.csv");
 * Dataset<Row> rows = SparkData.assemble(csv, "label");        // columns "features" and "label"
 * JavaRDD<Example> cats = SparkData.parallelize(sc, Hdf5Dataset.loadCatTrain(path), 8);
 * }</pre>
 */
public final class SparkData {
    private SparkData() {
    }

    /**
     * The table with two columns: {@code features}, an array of every column but
     * {@code labelColumn} in their order, and {@code label}, each cast to double. A value that is
     * not a number becomes null, which training reports with its partition and row.
     */
    public static org.apache.spark.sql.Dataset<Row> assemble(org.apache.spark.sql.Dataset<Row> table,
            String labelColumn) {
        Objects.requireNonNull(table, "table");
        List<String> names = Arrays.asList(table.columns());
        if (!names.contains(labelColumn)) {
            throw new IllegalArgumentException("no column '" + labelColumn + "'; the table has " + names);
        }
        List<Column> features = new ArrayList<>();
        for (String name : names) {
            if (!name.equals(labelColumn)) {
                features.add(table.col(name).try_cast("double"));
            }
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException("the table has no columns besides the label '" + labelColumn + "'");
        }
        return table.select(functions.array(features.toArray(Column[]::new)).as("features"),
                table.col(labelColumn).try_cast("double").as("label"));
    }

    /** The examples of an in-memory data set, one per column, in order, in {@code partitions} slices. */
    public static JavaRDD<Example> parallelize(JavaSparkContext sc, Dataset data, int partitions) {
        Objects.requireNonNull(data, "data");
        DMatrixRMaj x = data.x();
        DMatrixRMaj y = data.y();
        List<Example> examples = new ArrayList<>(x.numCols);
        for (int j = 0; j < x.numCols; j++) {
            double[] f = new double[x.numRows];
            for (int i = 0; i < f.length; i++) {
                f[i] = x.data[i * x.numCols + j];
            }
            double[] l = new double[y.numRows];
            for (int i = 0; i < l.length; i++) {
                l[i] = y.data[i * y.numCols + j];
            }
            examples.add(new Example(f, l));
        }
        return sc.parallelize(examples, partitions);
    }
}
