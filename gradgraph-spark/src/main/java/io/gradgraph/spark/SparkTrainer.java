package io.gradgraph.spark;

import io.gradgraph.nn.Loss;
import io.gradgraph.nn.Model;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.NumpyRandom;
import io.gradgraph.nn.Optimizer;
import io.gradgraph.nn.TrainingConfig;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.ejml.data.DMatrixRMaj;

/**
 * Trains a {@link Network} of any {@link Model} data-parallel on Apache Spark: the examples stay in
 * the cluster, split into partitions; at every step the driver broadcasts the parameters, each partition runs the model's
 * generated step on its examples and returns the sums of the cost and of the gradients,
 * {@code treeAggregate} adds those sums, and the driver applies the optimizer. Gradients are
 * aggregated, not models: full-batch gradient descent, momentum and Adam are the single-machine
 * algorithm, up to the order of the sums (see docs/spark.md).
 *
 * <pre>{@code
 * SparkTrainer trainer = new SparkTrainer(JavaSparkContext.fromSparkContext(spark.sparkContext()));
 * Network net = DeepNetwork.builder(2, 4, 1).build();
 * Dataset<Row> rows = SparkData.assemble(spark.read().option("inferSchema", true).csv("train.csv"), "_c2");
 * SparkTrainer.Result r = trainer.fit(net, rows, "features", "label",
 *         TrainingConfig.builder().iterations(1000).learningRate(0.5).build());
 * }</pre>
 *
 * <p>Each executor JVM compiles the generated step once (it needs a JDK) and runs one instance per
 * task. The model's loss must be a mean over the examples (columns of X), as every
 * {@code Loss.PerExample} is: a partition with m_p examples contributes m_p times its mean. The L2
 * term is added on the driver; dropout is refused (see docs/spark.md). A trainer runs one training
 * at a time.
 */
public final class SparkTrainer {
    /** Called at the start of each partition's work in each step's job; for fault-injection tests. */
    interface TaskHook extends Serializable {
        void onTask(int step, TaskContext context);
    }

    private final JavaSparkContext sc;
    private int examplesPerBlock;
    private int depth = 2;
    private TaskHook hook;

    public SparkTrainer(JavaSparkContext sc) {
        this.sc = Objects.requireNonNull(sc, "sc");
    }

    /**
     * The most examples a partition hands to one run of the step (default: as many as fit in about
     * 32 MB of features); a partition with more runs the step on consecutive blocks and adds them.
     */
    public SparkTrainer examplesPerBlock(int examples) {
        if (examples < 1) {
            throw new IllegalArgumentException("examples per block must be at least 1, got " + examples);
        }
        this.examplesPerBlock = examples;
        return this;
    }

    /** The depth of {@code treeAggregate} (default 2). */
    public SparkTrainer aggregationDepth(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("the aggregation depth must be at least 1, got " + depth);
        }
        this.depth = depth;
        return this;
    }

    SparkTrainer hook(TaskHook hook) {
        this.hook = hook;
        return this;
    }

    /** The costs of a training run, one per iteration (full batch) or epoch (mini-batches). */
    public record Result(String unit, double[] costs, long examples, int partitions) {
        /** The cost of the last iteration (epoch), NaN when none ran. */
        public double finalCost() {
            return costs.length == 0 ? Double.NaN : costs[costs.length - 1];
        }
    }

    // ------------------------------------------------------------------ entry points

    /**
     * Trains a network of any model on a DataFrame's features column (an array of numbers, an ML
     * vector or one number) and label column (a number, e.g. a class 0…K−1, or an array with one
     * value per label row), then sets the trained parameters on {@code network}.
     *
     * @throws SparkTrainingException for bad data (naming the partition and row) or a cost that is
     *     not finite; the network's parameters are then unchanged
     * @throws IllegalArgumentException for options Spark training does not support (dropout)
     */
    public Result fit(Network network, Dataset<Row> data, String featuresColumn, String labelColumn,
            TrainingConfig config) {
        Objects.requireNonNull(data, "data");
        JavaRDD<Row> rows = data.select(featuresColumn, labelColumn).javaRDD();
        return fit(network, rows, new RowReader(featuresColumn, labelColumn), config);
    }

    /** Trains a network of any model on examples; see {@link #fit(Network, Dataset, String, String, TrainingConfig)}. */
    public Result fit(Network network, JavaRDD<Example> data, TrainingConfig config) {
        return fit(network, data, e -> e, config);
    }

    private <T> Result fit(Network network, JavaRDD<T> data, Function<T, Example> reader, TrainingConfig config) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(config, "config");
        if (config.usesDropout()) {
            throw new IllegalArgumentException("dropout is not supported on Spark yet (keep_prob = "
                    + config.keepProb() + "): masks drawn per partition would not reproduce a local run's");
        }
        Model model = network.model();
        StepProgram program = new StepProgram(network.gradients(), model.featuresName(), model.labelsName(),
                model.classes());
        // a PerExample loss is a mean by construction; any other loss is checked in the first step
        boolean checkAdditive = !(model.loss() instanceof Loss.PerExample);
        LinkedHashMap<String, DMatrixRMaj> parameters = network.parameters();
        boolean[] regularized = new boolean[parameters.size()];
        if (config.l2() > 0) {
            int k = 0;
            boolean any = false;
            for (Model.Parameter p : model.parameters()) {
                regularized[k++] = p.regularized();
                any |= p.regularized();
            }
            if (!any) {
                throw new IllegalArgumentException("L2 regularization applies to the parameters flagged regularized,"
                        + " and model " + model.name() + " has none");
            }
        }
        Result result = new Run<>(program, parameters, regularized, checkAdditive, data, reader, config).train();
        network.setParameters(parameters);
        return result;
    }

    // ------------------------------------------------------------------ one training run

    private final class Run<T> {
        private final StepProgram program;
        private final LinkedHashMap<String, DMatrixRMaj> parameters;
        /** Per parameter, whether the L2 term (added here, on the driver) applies to it. */
        private final boolean[] regularized;
        private final boolean checkAdditive;
        private final JavaRDD<T> data;
        private final Function<T, Example> reader;
        private final TrainingConfig config;
        private JavaRDD<Block> blocks;
        private Broadcast<StepProgram> shipped;
        private long[] offsets;
        private long examples;
        private int step;

        Run(StepProgram program, LinkedHashMap<String, DMatrixRMaj> parameters, boolean[] regularized,
                boolean checkAdditive, JavaRDD<T> data, Function<T, Example> reader, TrainingConfig config) {
            this.program = program;
            this.parameters = parameters;
            this.regularized = regularized;
            this.checkAdditive = checkAdditive;
            this.data = data;
            this.reader = reader;
            this.config = config;
        }

        Result train() {
            try {
                prepare();
                return loop();
            } catch (Exception e) { // Spark throws its checked SparkException undeclared
                throw clear(e);
            } finally {
                if (blocks != null) {
                    blocks.unpersist(false);
                }
                if (shipped != null) {
                    shipped.destroy();
                }
            }
        }

        /** Reads and checks the examples once, caches them as blocks, and counts them per partition. */
        private void prepare() {
            int nx = program.features;
            int ny = program.labels;
            int classes = program.classes;
            int perBlock = examplesPerBlock > 0 ? examplesPerBlock : Math.max(1, (1 << 22) / Math.max(nx, ny));
            Function<T, Example> read = reader;
            blocks = data.mapPartitionsWithIndex(
                    (p, rows) -> Block.read(p, rows, read, nx, ny, classes, perBlock), true)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            List<long[]> counts = blocks.mapPartitionsWithIndex((p, it) -> {
                long n = 0;
                while (it.hasNext()) {
                    n += it.next().examples;
                }
                return List.of(new long[] {p, n}).iterator();
            }, true).collect();
            offsets = new long[blocks.getNumPartitions()];
            long total = 0;
            for (long[] c : counts) {
                offsets[(int) c[0]] = total;
                total += c[1];
            }
            examples = total;
            if (examples == 0) {
                throw new SparkTrainingException("the training data has no examples (" + offsets.length
                        + " partition" + (offsets.length == 1 ? "" : "s") + ", all empty)");
            }
            shipped = sc.broadcast(program);
        }

        private Result loop() {
            int m = Math.toIntExact(Math.min(examples, Integer.MAX_VALUE));
            boolean miniBatches = config.usesMiniBatches(m) || (config.batchSize() > 0 && examples > Integer.MAX_VALUE);
            if (miniBatches && examples > Integer.MAX_VALUE) {
                throw new SparkTrainingException("mini-batches reproduce numpy's permutation of all examples, which"
                        + " needs fewer than 2^31 of them; got " + examples);
            }
            String unit = miniBatches ? "epoch" : "iteration";
            Optimizer.State state = config.optimizer().start(parameters);
            double[] costs = new double[config.iterations()];
            boolean lastBatch = config.epochCost() == TrainingConfig.EpochCost.LAST_BATCH;
            for (int i = 0; i < config.iterations(); i++) {
                double cost;
                if (miniBatches) {
                    long seed = (config.shuffleSeed() + 1 + i) & NumpyRandom.MAX_SEED;
                    int batches = (m + config.batchSize() - 1) / config.batchSize();
                    double total = 0;
                    double last = Double.NaN;
                    for (int b = 0; b < batches; b++) {
                        last = step(state, seed, b, unit + " " + i + " (mini-batch " + (b + 1) + " of " + batches + ")");
                        total += last * Math.min(config.batchSize(), m - (long) b * config.batchSize());
                    }
                    cost = lastBatch ? last : total / m;
                } else {
                    cost = step(state, -1, 0, unit + " " + i);
                }
                costs[i] = cost;
                if (config.printEvery() > 0 && i % config.printEvery() == 0) {
                    config.out().println("Cost after " + unit + " " + i + ": " + sixDecimals(cost));
                }
                if (config.callback().isPresent()) {
                    config.callback().get().onCost(i, cost);
                }
            }
            return new Result(unit, costs, examples, offsets.length);
        }

        /**
         * One synchronous step on the whole data ({@code seed < 0}) or on batch {@code batch} of
         * the epoch shuffled with {@code seed}: returns the cost before the update.
         */
        private double step(Optimizer.State state, long seed, int batch, String where) {
            int number = step++;
            double[][] fixed = new double[program.graph.inputs().size()][];
            for (int i = 0; i < fixed.length; i++) {
                if (i != program.featuresInput && i != program.labelsInput) {
                    String id = program.graph.inputs().get(i);
                    DMatrixRMaj v = parameters.get(id);
                    if (v == null) {
                        throw new IllegalArgumentException("the model's graph reads an input '" + id + "' that is not"
                                + " a parameter; only the features, the labels and parameters can be trained on Spark");
                    }
                    fixed[i] = v.data;
                }
            }
            Broadcast<double[][]> current = sc.broadcast(fixed);
            Broadcast<StepProgram> prog = shipped;
            TaskHook taskHook = hook;
            boolean check = checkAdditive && number == 0;
            long[] starts = offsets;
            long m = examples;
            int batchSize = config.batchSize();
            int nx = program.features;
            int ny = program.labels;
            Sums sums;
            try {
                sums = blocks.treeAggregate(new Sums(program.sumsSize()), (s, block) -> {
                    if (taskHook != null && block.start == 0) {
                        taskHook.onTask(number, TaskContext.get());
                    }
                    if (check && block.start == 0 && block.examples >= 2) {
                        prog.value().checkAdditive(block, current.value());
                    }
                    if (seed < 0) {
                        prog.value().accumulate(block.x, block.y, block.examples, current.value(), s);
                    } else {
                        int[] columns = block.batchColumns(seed, Permutations.inverse(seed, Math.toIntExact(m)),
                                starts[block.partition] + block.start, batchSize, batch);
                        if (columns.length > 0) {
                            prog.value().accumulate(block.columns(block.x, nx, columns),
                                    block.columns(block.y, ny, columns), columns.length, current.value(), s);
                        }
                    }
                    return s;
                }, Sums::merge, depth);
            } finally {
                current.destroy();
            }
            long n = sums.examples();
            double cost = sums.value(0) / n;
            double l2 = config.l2();
            // the L2 term λ/(2m)·Σ‖P‖² does not depend on the examples: added once, here
            double c = l2 * (1.0 / (2.0 * n));
            if (l2 > 0) {
                double squares = 0;
                int k = 0;
                for (DMatrixRMaj p : parameters.values()) {
                    if (regularized[k++]) {
                        double s = 0;
                        for (int e = 0; e < p.getNumElements(); e++) {
                            s += p.data[e] * p.data[e];
                        }
                        squares += s;
                    }
                }
                cost += c * squares;
            }
            List<DMatrixRMaj> grads = new ArrayList<>(parameters.size());
            int offset = 1;
            int k = 0;
            for (DMatrixRMaj p : parameters.values()) {
                DMatrixRMaj g = new DMatrixRMaj(p.numRows, p.numCols);
                for (int e = 0; e < program.gradientSizes[k]; e++) {
                    g.data[e] = sums.value(offset + e) / n;
                    if (l2 > 0 && regularized[k]) {
                        g.data[e] += c * (2 * p.data[e]);
                    }
                }
                offset += program.gradientSizes[k++];
                grads.add(g);
            }
            if (!Double.isFinite(cost) && config.stopOnNonFinite()) {
                throw new SparkTrainingException("training stopped: the cost of " + where + " is " + sixDecimals(cost)
                        + "; " + firstNonFinite(grads) + ". (TrainingConfig.Builder.continueOnNonFinite() trains on"
                        + " regardless.)");
            }
            state.step(grads);
            return cost;
        }

        private String firstNonFinite(List<DMatrixRMaj> grads) {
            int k = 0;
            for (String name : parameters.keySet()) {
                DMatrixRMaj g = grads.get(k++);
                for (int i = 0; i < g.getNumElements(); i++) {
                    if (!Double.isFinite(g.data[i])) {
                        return "first non-finite gradient d" + name + "[" + i / g.numCols + "," + i % g.numCols + "] = "
                                + g.data[i];
                    }
                }
            }
            return "every gradient is finite: the cost itself overflowed (e.g. log of 0)";
        }
    }

    /** A Spark failure caused by bad data, rethrown on the driver as its one-line message. */
    private static RuntimeException clear(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SparkTrainingException s) {
                return t == e ? s : new SparkTrainingException(s.getMessage(), e);
            }
        }
        return SparkTrainer.<RuntimeException>sneaky(e);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }

    /** Python's {@code "%f" % x}, as nn's History prints costs. */
    static String sixDecimals(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(x).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        return (x < 0 || (x == 0 && 1 / x < 0)) && !s.startsWith("-") ? "-" + s : s;
    }

    /** Reads the features and label columns of a row. */
    private record RowReader(String featuresColumn, String labelColumn) implements Function<Row, Example> {
        @Override
        public Example call(Row row) {
            return new Example(values(row, 0, featuresColumn), values(row, 1, labelColumn));
        }

        private static double[] values(Row row, int i, String column) {
            Object v = row.get(i);
            if (v == null) {
                throw new SparkTrainingException("column " + column + " is null");
            }
            if (v instanceof Number n) {
                return new double[] {n.doubleValue()};
            }
            if (v instanceof scala.collection.Seq<?>) {
                List<Object> list = row.getList(i);
                double[] out = new double[list.size()];
                for (int k = 0; k < out.length; k++) {
                    Object e = list.get(k);
                    if (!(e instanceof Number n)) {
                        throw new SparkTrainingException("column " + column + " element " + k + " is " + e
                                + ", not a number");
                    }
                    out[k] = n.doubleValue();
                }
                return out;
            }
            try { // an ML vector (org.apache.spark.ml.linalg.Vector), without depending on spark-mllib
                return (double[]) v.getClass().getMethod("toArray").invoke(v);
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new SparkTrainingException("column " + column + " holds a " + v.getClass().getName()
                        + "; expected a number, an array of numbers or an ML vector");
            }
        }
    }
}
