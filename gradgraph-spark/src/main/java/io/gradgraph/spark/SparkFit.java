package io.gradgraph.spark;

import io.gradgraph.nn.Network;
import io.gradgraph.nn.TrainingConfig;
import io.gradgraph.nn.data.Dataset;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a network on an in-memory data set with Spark, from start to finish: what the command
 * line's {@code --spark MASTER} runs. Its signature names no Spark type, so callers compile and
 * load without Spark; calling it needs Spark 4 on the class path ({@link #available()}).
 *
 * <p>It starts a session on {@code master} ({@code local[2]}, {@code spark://host:port}, or the one
 * {@code spark-submit} set up), sends the examples to the cluster once in as many partitions as
 * the cluster has cores, trains with {@link SparkTrainer}, and stops the session. Other Spark
 * settings come from {@code -Dspark.…} system properties, e.g. {@code -Dspark.driver.host=127.0.0.1}.
 * Outside {@code spark-submit}, the jar holding this class is shipped to the executors.
 */
public final class SparkFit {
    private SparkFit() {
    }

    /** True when Spark's classes can be loaded. */
    public static boolean available() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkFit.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Trains {@code network} on {@code data} on Spark, printing and reporting costs as
     * {@code config} says; returns the unit of the costs ({@code "iteration"} or {@code "epoch"}).
     *
     * @throws SparkTrainingException for bad data or a cost that became NaN
     */
    public static String fit(String master, Network network, Dataset data, TrainingConfig config) {
        Objects.requireNonNull(master, "master");
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "io/gradgraph/spark/command-line-log4j2.properties");
        }
        SparkConf conf = new SparkConf().setMaster(master).setAppName("gradgraph")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        if (!master.startsWith("local") && !conf.contains("spark.jars")) {
            jar().ifPresent(jar -> conf.set("spark.jars", jar));
        }
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
            return new SparkTrainer(sc).fit(network, SparkData.parallelize(sc, data, sc.defaultParallelism()), config)
                    .unit();
        } finally {
            session.stop();
        }
    }

    private static java.util.Optional<String> jar() {
        try {
            var source = SparkFit.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation().getPath().endsWith(".jar")) {
                return java.util.Optional.of(Path.of(source.getLocation().toURI()).toString());
            }
        } catch (Exception e) {
            // not from a jar file: the executors must find the classes on their own class path
        }
        return java.util.Optional.empty();
    }
}
