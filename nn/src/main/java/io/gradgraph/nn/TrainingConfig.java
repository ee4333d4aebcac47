package io.gradgraph.nn;

import io.gradgraph.core.Backend;
import java.io.PrintStream;
import java.util.Objects;
import java.util.Optional;

/**
 * How to train: how long, with which optimizer, on which batches, with which regularization, and
 * what to report. Immutable; built with {@link #builder()}. The names are the course's.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder()
 *         .iterations(10_000)          // full-batch steps (or epochs when batchSize is set)
 *         .learningRate(1.2)           // gradient descent unless another optimizer is set
 *         .printEvery(1000)            // "Cost after iteration 1000: 0.288083"
 *         .build();
 *
 * TrainingConfig adam = TrainingConfig.builder()
 *         .epochs(10_000).batchSize(64).optimizer(Optimizer.adam(0.0007))
 *         .l2(0.7)                     // λ/(2m)·Σ‖W‖² added to the cost
 *         .keepProb(0.86)              // inverted dropout on the hidden layers while training
 *         .build();
 * }</pre>
 *
 * <p>Mini-batches: with a batch size below the number of examples, each epoch {@code e} (from 0)
 * shuffles the columns with {@code np.random.seed(shuffleSeed + 1 + e);
 * np.random.permutation(m)} and cuts them into batches, the last one smaller when the size does not
 * divide m, as the course's model loop does with its {@code seed = 10; seed = seed + 1}. With no
 * batch size (or one of at least m) every step uses all examples, unshuffled: batch gradient
 * descent. Dropout masks are drawn fresh for every step from one {@link NumpyRandom} seeded with
 * {@link #dropoutSeed()}, as {@code np.random.rand(n, m) < keep_prob}, layer by layer (reseeded before
 * every step with {@link Builder#dropoutReseed}).
 */
public final class TrainingConfig {
    private final int iterations;
    private final Optimizer optimizer;
    private final int batchSize;
    private final long shuffleSeed;
    private final double l2;
    private final double keepProb;
    private final long dropoutSeed;
    private final int printEvery;
    private final int costEvery;
    private final PrintStream out;
    private final CostListener callback;
    private final Backend backend;
    private final boolean pipelined;
    private final boolean dropoutReseed;
    private final EpochCost epochCost;
    private final boolean stopOnNonFinite;

    /** Which cost an epoch of mini-batches reports. */
    public enum EpochCost {
        /** The average of the epoch's mini-batch costs, weighted by batch size (the later notebook's). */
        MEAN,
        /** The cost of the epoch's last mini-batch, before its update (the original Optimization notebook's). */
        LAST_BATCH
    }

    private TrainingConfig(Builder b) {
        this.iterations = b.iterations;
        this.optimizer = b.optimizer;
        this.batchSize = b.batchSize;
        this.shuffleSeed = b.shuffleSeed;
        this.l2 = b.l2;
        this.keepProb = b.keepProb;
        this.dropoutSeed = b.dropoutSeed;
        this.printEvery = b.printEvery;
        this.costEvery = b.costEvery;
        this.out = b.out;
        this.callback = b.callback;
        this.backend = b.backend;
        this.pipelined = b.pipelined;
        this.dropoutReseed = b.dropoutReseed;
        this.epochCost = b.epochCost;
        this.stopOnNonFinite = b.stopOnNonFinite;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.iterations = iterations;
        b.optimizer = optimizer;
        b.batchSize = batchSize;
        b.shuffleSeed = shuffleSeed;
        b.l2 = l2;
        b.keepProb = keepProb;
        b.dropoutSeed = dropoutSeed;
        b.printEvery = printEvery;
        b.costEvery = costEvery;
        b.out = out;
        b.callback = callback;
        b.backend = backend;
        b.pipelined = pipelined;
        b.dropoutReseed = dropoutReseed;
        b.epochCost = epochCost;
        b.stopOnNonFinite = stopOnNonFinite;
        return b;
    }

    /** Full-batch steps, or epochs when training on mini-batches. */
    public int iterations() {
        return iterations;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public double learningRate() {
        return optimizer.learningRate();
    }

    /** Examples per mini-batch; 0 means all of them (batch gradient descent). */
    public int batchSize() {
        return batchSize;
    }

    /** True when steps use mini-batches of fewer than {@code m} examples. */
    public boolean usesMiniBatches(int m) {
        return batchSize > 0 && batchSize < m;
    }

    public long shuffleSeed() {
        return shuffleSeed;
    }

    /** λ of L2 regularization; 0 for none. */
    public double l2() {
        return l2;
    }

    /** The probability of keeping a hidden unit under dropout; 1 for no dropout. */
    public double keepProb() {
        return keepProb;
    }

    public boolean usesDropout() {
        return keepProb < 1;
    }

    public long dropoutSeed() {
        return dropoutSeed;
    }

    /** True when the dropout generator is reseeded with {@link #dropoutSeed()} before every step. */
    public boolean dropoutReseed() {
        return dropoutReseed;
    }

    /** Which cost an epoch of mini-batches reports (default {@link EpochCost#MEAN}). */
    public EpochCost epochCost() {
        return epochCost;
    }

    /** True (the default) when a NaN or infinite cost stops training with a {@link NonFiniteCostException}. */
    public boolean stopOnNonFinite() {
        return stopOnNonFinite;
    }

    /** Print the cost every this many iterations (epochs), from 0; 0 prints nothing. */
    public int printEvery() {
        return printEvery;
    }

    /** Record the cost in the {@link History} every this many iterations (epochs), from 0. */
    public int costEvery() {
        return costEvery;
    }

    public PrintStream out() {
        return out;
    }

    public Optional<CostListener> callback() {
        return Optional.ofNullable(callback);
    }

    /** The backend for this training run, if it overrides the model's. */
    public Optional<Backend> backend() {
        return Optional.ofNullable(backend);
    }

    /**
     * Whether full-batch gradient descent may use {@link PipelinedDescent} where it applies (the
     * default; the results are the same bits either way).
     */
    public boolean pipelined() {
        return pipelined;
    }

    @Override
    public String toString() {
        return "TrainingConfig[iterations=" + iterations + ", optimizer=" + optimizer + ", batchSize="
                + (batchSize == 0 ? "all" : batchSize) + ", l2=" + l2 + ", keepProb=" + keepProb + (dropoutReseed ? ", dropoutReseed" : "")
                + (epochCost == EpochCost.MEAN ? "" : ", epochCost=" + epochCost)
                + (stopOnNonFinite ? "" : ", continueOnNonFinite") + (pipelined ? "" : ", pipelined=false") + "]";
    }

    /** Builds a {@link TrainingConfig}; every setter checks its argument. */
    public static final class Builder {
        private int iterations = 1000;
        private Optimizer optimizer = Optimizer.gd(0.01);
        private int batchSize;
        private long shuffleSeed = 10;
        private double l2;
        private double keepProb = 1;
        private long dropoutSeed = 1;
        private int printEvery;
        private int costEvery = 100;
        private PrintStream out = System.out;
        private CostListener callback;
        private Backend backend;
        private boolean pipelined = true;
        private boolean dropoutReseed;
        private EpochCost epochCost = EpochCost.MEAN;
        private boolean stopOnNonFinite = true;

        private Builder() {
        }

        /** Number of full-batch steps (default 1000); the same as {@link #epochs} with mini-batches. */
        public Builder iterations(int iterations) {
            if (iterations < 0) {
                throw new IllegalArgumentException("iterations must be ≥ 0, got " + iterations);
            }
            this.iterations = iterations;
            return this;
        }

        /** Number of passes over the data; the same count as {@link #iterations}. */
        public Builder epochs(int epochs) {
            return iterations(epochs);
        }

        /** Sets α of the current optimizer (gradient descent with α = 0.01 by default). */
        public Builder learningRate(double learningRate) {
            this.optimizer = optimizer.withLearningRate(learningRate);
            return this;
        }

        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** Examples per mini-batch; 0 (the default) for all examples. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 0) {
                throw new IllegalArgumentException("batch size must be ≥ 0 (0: all examples), got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The course's {@code seed} of the mini-batch loop (default 10; epoch e uses seed + 1 + e). */
        public Builder shuffleSeed(long seed) {
            this.shuffleSeed = checkSeed(seed);
            return this;
        }

        /** L2 regularization strength λ ≥ 0 (default 0). */
        public Builder l2(double lambda) {
            this.l2 = checkLambda(lambda);
            return this;
        }

        /** Probability of keeping a hidden unit, in (0, 1] (default 1: no dropout). */
        public Builder keepProb(double keepProb) {
            if (!(keepProb > 0 && keepProb <= 1)) {
                throw new IllegalArgumentException("keep_prob must be in (0, 1], got " + keepProb);
            }
            this.keepProb = keepProb;
            return this;
        }

        /** Seed of the dropout masks' generator (default 1), seeded once per {@code fit}. */
        public Builder dropoutSeed(long seed) {
            this.dropoutSeed = checkSeed(seed);
            return this;
        }

        /**
         * {@code true} reseeds the dropout generator with the dropout seed before every step, so every
         * step draws the same masks (for the same batch size), as the Regularization notebook's
         * {@code np.random.seed(1)} inside {@code forward_propagation_with_dropout} does.
         */
        public Builder dropoutReseed(boolean reseed) {
            this.dropoutReseed = reseed;
            return this;
        }

        /** Which cost an epoch of mini-batches prints and records (default {@link EpochCost#MEAN}). */
        public Builder epochCost(EpochCost epochCost) {
            this.epochCost = Objects.requireNonNull(epochCost, "epochCost");
            return this;
        }

        /**
         * Records a NaN or infinite cost and trains on, instead of stopping with a
         * {@link NonFiniteCostException} (the default).
         */
        public Builder continueOnNonFinite() {
            this.stopOnNonFinite = false;
            return this;
        }

        /**
         * Prints {@code "Cost after iteration %i: %f"} (or {@code epoch}) every this many
         * iterations from 0; 0 (the default) prints nothing. Also records those costs.
         */
        public Builder printEvery(int every) {
            if (every < 0) {
                throw new IllegalArgumentException("printEvery must be ≥ 0 (0: never), got " + every);
            }
            this.printEvery = every;
            return this;
        }

        /** Records the cost in the history every this many iterations from 0 (default 100). */
        public Builder costEvery(int every) {
            if (every < 1) {
                throw new IllegalArgumentException("costEvery must be ≥ 1, got " + every);
            }
            this.costEvery = every;
            return this;
        }

        /** Where {@link #printEvery} prints (default {@code System.out}). */
        public Builder printTo(PrintStream out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /** Called with every iteration's (epoch's) cost. */
        public Builder callback(CostListener callback) {
            this.callback = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /** Runs this training on another backend than the model's, e.g. {@code Backend.compiled()}. */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * {@code false} always trains step by step on the whole graph, never with
         * {@link PipelinedDescent} (which gives the same bits, faster, where it applies).
         */
        public Builder pipelined(boolean pipelined) {
            this.pipelined = pipelined;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(this);
        }

        private static long checkSeed(long seed) {
            return NumpyRandom.checkSeed(seed);
        }

        /** Returns λ if it is a valid L2 strength, otherwise throws naming it. */
        static double checkLambda(double lambda) {
            if (!(lambda >= 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("L2 lambda must be finite and ≥ 0, got " + lambda);
            }
            return lambda;
        }
    }
}
