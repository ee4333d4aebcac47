package io.gradgraph.benchmarks;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Bindings;
import io.gradgraph.core.Workspace;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import io.gradgraph.nn.DeepNetwork;
import io.gradgraph.nn.LogisticRegression;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.NumpyRandom;
import io.gradgraph.nn.Optimizer;
import io.gradgraph.nn.PipelinedDescent;
import io.gradgraph.nn.ShallowNetwork;
import io.gradgraph.nn.TrainingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * The four workloads, with the course's shapes and the same seeds, data and initial parameters as
 * {@code benchmarks/numpy_workloads.py} (both draw from numpy's legacy generator, so the data are
 * identical and the costs agree to rounding):
 *
 * <ul>
 *   <li>{@code logistic}: X 12288×209, w and b zero, one gradient-descent step (α = 0.005), taken
 *       as {@code LogisticRegression.fit} takes it: by {@link PipelinedDescent} (the rest of the
 *       graph, then one pass over X for dw, the update of w and the next step's {@code wᵀ·X});</li>
 *   <li>{@code shallow}: planar-sized X 2×400, n_h = 4 tanh, one gradient-descent step (α = 1.2);</li>
 *   <li>{@code deep}: [12288, 20, 7, 5, 1] ReLU/sigmoid, full batch, one step (α = 0.0075), as
 *       {@code DeepNetwork.fit} takes it: by {@link PipelinedDescent} (the rest of the graph, then
 *       one pass over X, block by block, for dW1, the update of W1 and the next step's W1·X);</li>
 *   <li>{@code deep_adam}: the same network, one epoch of mini-batches of 64 (64 + 64 + 64 + 17 of
 *       the 209 examples, shuffled as the course's {@code random_mini_batches}) with Adam
 *       (α = 0.0007).</li>
 * </ul>
 */
public final class Workloads {
    /** The workloads, in the order they are reported. */
    public static final List<String> NAMES = List.of("logistic", "shallow", "deep", "deep_adam");
    /** The L-layer network's layer sizes. */
    static final int[] LAYERS = {12288, 20, 7, 5, 1};
    /** Full-batch workloads report the cost computed in this step as their check value. */
    public static final int CHECK_STEPS = 3;
    /** {@code deep_adam} reports the cost of the last mini-batch of this epoch. */
    public static final int CHECK_EPOCHS = 2;
    /** The course's L_layer_model starts with seed_mini_batches = 10 and adds 1 before each epoch. */
    static final long FIRST_SHUFFLE_SEED = 11;
    static final int BATCH_SIZE = 64;

    private Workloads() {
    }

    /** A fresh workload (new data and parameters) run by {@code backend}. */
    public static Workload create(String name, Backend backend) {
        return switch (name) {
            case "logistic" -> logistic(backend);
            case "shallow" -> shallow(backend);
            case "deep" -> deep(backend);
            case "deep_adam" -> deepAdam(backend);
            default -> throw new IllegalArgumentException("unknown workload '" + name + "'; known: " + NAMES);
        };
    }

    /** The backend called {@code "interpreter"} or {@code "compiled"}. */
    public static Backend backend(String executor) {
        return switch (executor) {
            case "interpreter" -> Backend.interpreter();
            case "compiled" -> Backend.compiled();
            default -> throw new IllegalArgumentException("unknown executor '" + executor
                    + "'; known: interpreter, compiled");
        };
    }

    /** How many timed units give the check value. */
    public static int checkUnits(String name) {
        return name.equals("deep_adam") ? CHECK_EPOCHS : CHECK_STEPS;
    }

    static Workload logistic(Backend backend) {
        DMatrixRMaj[] xy = pictureData();
        return new Pipelined("logistic", LogisticRegression.create(LAYERS[0], backend), backend,
                Optimizer.gd(0.005), xy[0], xy[1]);
    }

    static Workload shallow(Backend backend) {
        DMatrixRMaj[] xy = planarData();
        return new FullBatch("shallow", ShallowNetwork.builder(2, 4).backend(backend).build(), backend,
                Optimizer.gd(1.2), xy[0], xy[1]);
    }

    static Workload deep(Backend backend) {
        DMatrixRMaj[] xy = pictureData();
        return new Pipelined("deep", DeepNetwork.builder(LAYERS).backend(backend).build(), backend,
                Optimizer.gd(0.0075), xy[0], xy[1]);
    }

    static Workload deepAdam(Backend backend) {
        DMatrixRMaj[] xy = pictureData();
        return new MiniBatchEpoch("deep_adam", DeepNetwork.builder(LAYERS).backend(backend).build(), backend,
                Optimizer.adam(0.0007), xy[0], xy[1], BATCH_SIZE, FIRST_SHUFFLE_SEED);
    }

    /** {@code np.random.seed(1); X = np.random.rand(12288, 209); Y = (np.random.rand(1, 209) < 0.5)}. */
    static DMatrixRMaj[] pictureData() {
        NumpyRandom rng = new NumpyRandom(1);
        DMatrixRMaj x = rng.rand(LAYERS[0], 209);
        return new DMatrixRMaj[] {x, labels(rng, 209)};
    }

    /** {@code np.random.seed(3); X = np.random.randn(2, 400); Y = (np.random.rand(1, 400) < 0.5)}. */
    static DMatrixRMaj[] planarData() {
        NumpyRandom rng = new NumpyRandom(3);
        DMatrixRMaj x = rng.randn(2, 400);
        return new DMatrixRMaj[] {x, labels(rng, 400)};
    }

    private static DMatrixRMaj labels(NumpyRandom rng, int m) {
        DMatrixRMaj y = rng.rand(1, m);
        for (int i = 0; i < m; i++) {
            y.data[i] = y.data[i] < 0.5 ? 1 : 0;
        }
        return y;
    }

    /**
     * Steps as nn's plain training loop takes them: run the executable for the cost and every
     * gradient, then let the {@link Optimizer} update the parameters (copies of the network's
     * initial ones) in place.
     */
    abstract static class GraphSteps extends Workload {
        private final Workspace executable;
        private final Node cost;
        private final List<Node> gradientNodes = new ArrayList<>();
        private final LinkedHashMap<String, DMatrixRMaj> parameters;
        private final Optimizer.State optimizer;
        private final List<DMatrixRMaj> gradients;
        /** X, Y and the parameters; the mini-batch workload rebinds X and Y per batch. */
        final Bindings bindings;

        GraphSteps(String name, Network network, Backend backend, Optimizer optimizer, DMatrixRMaj x, DMatrixRMaj y) {
            super(name, backend);
            this.cost = network.costNode();
            Gradients grads = network.gradients();
            this.parameters = network.parameters();
            for (String p : parameters.keySet()) {
                gradientNodes.add(grads.of(p));
            }
            List<Node> outputs = new ArrayList<>();
            outputs.add(cost);
            outputs.addAll(gradientNodes);
            this.executable = backend.compile(outputs).workspace();
            this.bindings = new Bindings().set("X", x).set("Y", y);
            parameters.forEach(bindings::set);
            this.optimizer = optimizer.start(parameters);
            this.gradients = new ArrayList<>(gradientNodes.size());
        }

        @Override
        public final Map<String, DMatrixRMaj> parameters() {
            return parameters;
        }

        /** One step on the currently bound X and Y: cost and gradients, then the in-place update. */
        final void step() {
            Results r = executable.run(bindings);
            double j = r.scalar(cost);
            gradients.clear();
            for (int i = 0, n = gradientNodes.size(); i < n; i++) { // indexed: no iterator, even uninlined
                gradients.add(r.get(gradientNodes.get(i)));
            }
            optimizer.step(gradients);
            stepped(j);
        }
    }

    /** One full-batch step per {@link #run()}. */
    static final class FullBatch extends GraphSteps {
        FullBatch(String name, Network network, Backend backend, Optimizer optimizer, DMatrixRMaj x, DMatrixRMaj y) {
            super(name, network, backend, optimizer, x, y);
        }

        @Override
        public void run() {
            step();
        }

        @Override
        public int stepsPerRun() {
            return 1;
        }
    }

    /**
     * One full-batch step per {@link #run()} by {@link PipelinedDescent}, as {@code fit} takes it: the
     * first forward product is computed when the workload is created, and each step ends with the
     * next one's (so a step reads X once).
     */
    static final class Pipelined extends Workload {
        private final Network network;
        private final PipelinedDescent trainer;

        Pipelined(String name, Network network, Backend backend, Optimizer optimizer, DMatrixRMaj x, DMatrixRMaj y) {
            super(name, backend);
            this.network = network;
            this.trainer = PipelinedDescent.start(network, x, y,
                    TrainingConfig.builder().optimizer(optimizer).backend(backend).build()).orElseThrow(
                            () -> new IllegalStateException(name + ": PipelinedDescent does not apply"));
        }

        @Override
        public void run() {
            stepped(trainer.step());
        }

        @Override
        public int stepsPerRun() {
            return 1;
        }

        /** Copies of the network's parameters, which the trainer updates in place. */
        @Override
        public Map<String, DMatrixRMaj> parameters() {
            return network.parameters();
        }
    }

    /**
     * One epoch per {@link #run()}: the course's {@code random_mini_batches(X, Y, 64, seed)} with the
     * seed incremented before each epoch, then one step per mini-batch. The permutation is numpy's
     * ({@code np.random.seed(seed); np.random.permutation(m)}), drawn into a reused array, and the
     * shuffled columns are gathered into batch matrices allocated once, so an epoch allocates nothing.
     */
    static final class MiniBatchEpoch extends GraphSteps {
        private final DMatrixRMaj x;
        private final DMatrixRMaj y;
        private final DMatrixRMaj[] batchX;
        private final DMatrixRMaj[] batchY;
        private final int[] permutation;
        private final NumpyRandom rng = new NumpyRandom(0);
        private long seed;

        MiniBatchEpoch(String name, Network network, Backend backend, Optimizer optimizer,
                       DMatrixRMaj x, DMatrixRMaj y, int batchSize, long firstSeed) {
            super(name, network, backend, optimizer, x, y);
            this.x = x;
            this.y = y;
            int m = x.numCols;
            int batches = (m + batchSize - 1) / batchSize;
            batchX = new DMatrixRMaj[batches];
            batchY = new DMatrixRMaj[batches];
            for (int b = 0; b < batches; b++) {
                int size = Math.min(batchSize, m - b * batchSize);
                batchX[b] = new DMatrixRMaj(x.numRows, size);
                batchY[b] = new DMatrixRMaj(y.numRows, size);
            }
            permutation = new int[m];
            seed = firstSeed - 1;
        }

        @Override
        public int stepsPerRun() {
            return batchX.length;
        }

        @Override
        public void run() {
            seed++;
            rng.seed(seed);
            for (int i = 0; i < permutation.length; i++) {
                permutation[i] = i;
            }
            rng.shuffle(permutation);
            gather(x, batchX);
            gather(y, batchY);
            for (int b = 0; b < batchX.length; b++) {
                bindings.set("X", batchX[b]).set("Y", batchY[b]);
                step();
            }
        }

        /**
         * batch b = src[:, permutation[b·size : (b+1)·size]] for every b, row by row, so each row of
         * src is read once while it is in cache.
         */
        private void gather(DMatrixRMaj src, DMatrixRMaj[] batches) {
            int m = src.numCols;
            double[] s = src.data;
            int[] order = permutation;
            for (int r = 0, rows = src.numRows; r < rows; r++) {
                int srcRow = r * m;
                int start = 0;
                for (DMatrixRMaj batch : batches) {
                    int size = batch.numCols;
                    double[] d = batch.data;
                    int dstRow = r * size;
                    for (int c = 0; c < size; c++) {
                        d[dstRow + c] = s[srcRow + order[start + c]];
                    }
                    start += size;
                }
            }
        }
    }
}
