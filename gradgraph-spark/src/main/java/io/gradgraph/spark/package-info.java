/**
 * Data-parallel training of any {@link io.gradgraph.nn.Network} on Apache Spark 4 (Scala 2.13),
 * which the application provides.
 *
 * <p>Start with {@link io.gradgraph.spark.SparkTrainer}: its {@code fit} takes a network, the
 * examples as a table with a features array column and a label column, or as a {@code JavaRDD} of
 * {@link io.gradgraph.spark.Example}s, and a {@link io.gradgraph.nn.TrainingConfig}. Each partition
 * runs the model's generated step and returns sums of the cost and gradients; {@code treeAggregate}
 * adds them and the driver steps the optimizer, so the algorithm is the single-machine one.
 * {@link io.gradgraph.spark.SparkData} assembles table columns into features and sends an in-memory
 * data set to the cluster; {@link io.gradgraph.spark.SparkFit} is the whole run behind the command
 * line's {@code --spark MASTER}. Problems the user can fix are reported as
 * {@link io.gradgraph.spark.SparkTrainingException}. See {@code docs/spark.md}.
 */
package io.gradgraph.spark;
