package io.gradgraph.nn;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Bindings;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import io.gradgraph.core.Workspace;
import io.gradgraph.nn.data.Dataset;
import io.gradgraph.nn.io.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntToDoubleFunction;
import org.ejml.data.DMatrixRMaj;

/**
 * A binary classifier with a sigmoid output, trained on graph-core: {@link LogisticRegression},
 * {@link ShallowNetwork} and {@link DeepNetwork}.
 *
 * <p>The model's graph is built once per set of options (plain; with the L2 term; with dropout
 * masks) with {@code X} of shape {@code n_x × m}, so the same graph serves every batch, the smaller
 * last mini-batch and the test set. Its gradients come from {@link Graph#gradients}, never from
 * hand-written backward formulas; it is compiled once with the model's {@link Backend}. Each
 * training step binds the batch and the parameter matrices, runs, and lets the {@link Optimizer}
 * update the parameters in place.
 *
 * <pre>{@code
 * Dataset flower = PlanarDataset.load();
 * ShallowNetwork net = ShallowNetwork.builder(2, 4).build();          // tanh, W = randn·0.01, seed 2
 * History h = net.fit(flower, TrainingConfig.builder().iterations(10_000).learningRate(1.2).printEvery(1000).build());
 * double accuracy = net.accuracy(flower);                               // 90.5: "Accuracy: 90%"
 * net.save(Path.of("flower.npz"));                                      // np.load("flower.npz")["W1"]
 * System.out.println(EquationPrinter.backward(net.gradients()));      // dZ2 = A2 − Y ...
 * }</pre>
 *
 * <p>Parameters are named as in the course ({@code W1, b1, W2, b2, …}; {@code w, b} for logistic
 * regression) and can be read, replaced, saved and loaded by name. A network is not thread-safe.
 */
public abstract sealed class Network permits LogisticRegression, ShallowNetwork, DeepNetwork {
    private final int inputs;
    private final int outputs;
    private final LinkedHashMap<String, DMatrixRMaj> parameters;
    private final Backend backend;
    private final Map<ModelGraph.Kind, ModelGraph> graphs = new HashMap<>();

    Network(int inputs, int outputs, LinkedHashMap<String, DMatrixRMaj> initial, Backend backend) {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("a network needs at least one input and one output, got n_x = "
                    + inputs + ", n_y = " + outputs);
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.parameters = initial;
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    // ------------------------------------------------------------------ structure (subclasses)

    /**
     * Builds the forward pass from {@code x} to the output probabilities with the given parameter
     * nodes, applying {@code dropout} to each hidden layer's activations.
     */
    abstract Node forward(Graph g, Node x, Map<String, Node> params, ModelGraph.Dropout dropout);

    /** The sizes of the hidden layers, n[1] … n[L−1] (empty for logistic regression). */
    abstract int[] hiddenSizes();

    /** Parameters named {@code W…} or {@code w…} are weights: L2 regularization applies to them. */
    static boolean isWeight(String name) {
        return name.startsWith("W") || name.startsWith("w");
    }

    /** The forward pass {@code [LINEAR → hidden]×(L−1) → LINEAR → SIGMOID} over W1, b1, …, WL, bL. */
    static Node layered(Graph g, Node x, Map<String, Node> params, int layers, Activation hidden,
            ModelGraph.Dropout dropout) {
        Node a = x;
        for (int l = 1; l <= layers; l++) {
            Node z = g.add(g.matmul(params.get("W" + l), a), params.get("b" + l)).named("Z" + l);
            a = l < layers ? dropout.apply(l, hidden.apply(g, z)) : g.sigmoid(z);
            a.named("A" + l);
        }
        return a;
    }

    /** W1, b1, …, WL, bL for {@code layerDims}, drawn in the course's order from one generator. */
    static LinkedHashMap<String, DMatrixRMaj> layeredParameters(int[] layerDims, Initializer init, NumpyRandom rng) {
        LinkedHashMap<String, DMatrixRMaj> p = new LinkedHashMap<>();
        for (int l = 1; l < layerDims.length; l++) {
            p.put("W" + l, init.weights(layerDims[l], layerDims[l - 1], rng));
            p.put("b" + l, new DMatrixRMaj(layerDims[l], 1));
        }
        return p;
    }

    static int[] checkLayerDims(int[] layerDims) {
        Objects.requireNonNull(layerDims, "layerDims");
        if (layerDims.length < 2) {
            throw new IllegalArgumentException("layerDims needs the input size and at least one layer, like"
                    + " [n_x, n_h, n_y], got " + java.util.Arrays.toString(layerDims));
        }
        for (int i = 0; i < layerDims.length; i++) {
            if (layerDims[i] < 1) {
                throw new IllegalArgumentException("layerDims[" + i + "] must be ≥ 1, got "
                        + java.util.Arrays.toString(layerDims));
            }
        }
        return layerDims.clone();
    }

    // ------------------------------------------------------------------ shape

    /** n_x, the number of input features. */
    public int inputs() {
        return inputs;
    }

    /** n_y, the number of output units (1 for the course's binary classifiers). */
    public int outputs() {
        return outputs;
    }

    /** The backend that runs this network's graphs unless a {@link TrainingConfig} overrides it. */
    public Backend backend() {
        return backend;
    }

    // ------------------------------------------------------------------ training

    /** Trains on a data set; see {@link #fit(DMatrixRMaj, DMatrixRMaj, TrainingConfig)}. */
    public History fit(Dataset data, TrainingConfig config) {
        Objects.requireNonNull(data, "data");
        return fit(data.x(), data.y(), config);
    }

    /**
     * Trains from the current parameters: {@code config.iterations()} full-batch steps, or that many
     * epochs over mini-batches. Every step runs the compiled graph for the cost and all gradients,
     * then updates the parameters in place with the configured optimizer. Full-batch gradient
     * descent on a graph with a linear unit {@code wᵀ·X} (logistic regression), or with a first layer
     * {@code W1·X} of few units on many features (the deep network on 64×64 pictures), runs as
     * {@link PipelinedDescent}: the same bits, reading X once per step instead of twice
     * ({@code TrainingConfig.Builder.pipelined(false)} turns it off).
     *
     * @param x features, {@code n_x × m}
     * @param y labels, {@code n_y × m}
     * @return the recorded costs
     * @throws IllegalArgumentException if the shapes do not fit the network, or dropout is asked of a
     *     network without hidden layers
     */
    public History fit(DMatrixRMaj x, DMatrixRMaj y, TrainingConfig config) {
        Objects.requireNonNull(config, "config");
        checkData(x, y);
        if (config.usesDropout() && hiddenSizes().length == 0) {
            throw new IllegalArgumentException("dropout (keep_prob = " + config.keepProb() + ") applies to hidden"
                    + " layers, and " + getClass().getSimpleName() + " has none");
        }
        boolean miniBatches = config.usesMiniBatches(x.numCols);
        Optional<PipelinedDescent> pipelined = PipelinedDescent.start(this, x, y, config);
        IntToDoubleFunction iteration = pipelined.isPresent()
                ? i -> pipelined.get().step()
                : steps(x, y, config, miniBatches);
        String unit = miniBatches ? "epoch" : "iteration";
        List<History.Entry> entries = new ArrayList<>();
        double finalCost = Double.NaN;
        for (int i = 0; i < config.iterations(); i++) {
            double iterationCost = iteration.applyAsDouble(i);
            finalCost = iterationCost;
            boolean print = config.printEvery() > 0 && i % config.printEvery() == 0;
            if (print) {
                config.out().println(History.format(unit, i, iterationCost));
            }
            if (print || i % config.costEvery() == 0) {
                entries.add(new History.Entry(i, iterationCost));
            }
            if (config.callback().isPresent()) {
                config.callback().get().onCost(i, iterationCost);
            }
        }
        return new History(unit, entries, finalCost, config.iterations());
    }

    /**
     * The plain training loop: iteration i runs the compiled graph for the cost and all gradients on
     * each batch (all examples, or epoch i's mini-batches) and lets the optimizer update the
     * parameters; it returns the iteration's cost (with mini-batches, their average weighted by size).
     */
    private IntToDoubleFunction steps(DMatrixRMaj x, DMatrixRMaj y, TrainingConfig config, boolean miniBatches) {
        int m = x.numCols;
        ModelGraph mg = graph(config.l2() > 0, config.usesDropout());
        // one workspace for the whole loop: a step's results are used before the next step runs
        Workspace step = mg.training(config.backend().orElse(backend)).workspace();
        Bindings bindings = bindParameters();
        if (mg.kind.l2()) {
            bindings.set(ModelGraph.LAMBDA, scalar(config.l2()));
        }
        List<DMatrixRMaj> masks = new ArrayList<>();
        NumpyRandom dropoutRng;
        if (mg.kind.dropout()) {
            bindings.set(ModelGraph.KEEP_PROB, scalar(config.keepProb()));
            for (Node mask : mg.masks) {
                DMatrixRMaj d = new DMatrixRMaj(mask.shape().rows().resolve(Map.of()), m);
                masks.add(d);
                bindings.set(mask, d);
            }
            dropoutRng = new NumpyRandom(config.dropoutSeed());
        } else {
            dropoutRng = null;
        }
        Optimizer.State optimizer = config.optimizer().start(parameters);
        Dataset all = new Dataset(x, y);
        List<DMatrixRMaj> grads = new ArrayList<>(mg.gradientNodes.size());
        return i -> {
            List<Dataset> batches = miniBatches
                    ? MiniBatches.random(all, config.batchSize(), (config.shuffleSeed() + 1 + i) & NumpyRandom.MAX_SEED)
                    : List.of(all);
            double total = 0;
            double cost = Double.NaN;
            for (Dataset batch : batches) {
                bindings.set(ModelGraph.X, batch.x()).set(ModelGraph.Y, batch.y());
                if (dropoutRng != null) {
                    drawMasks(masks, batch.examples(), config.keepProb(), dropoutRng);
                }
                Results r = step.run(bindings);
                cost = r.scalar(mg.cost);
                total += cost * batch.examples();
                grads.clear();
                for (Node grad : mg.gradientNodes) {
                    grads.add(r.get(grad));
                }
                optimizer.step(grads);
            }
            return miniBatches ? total / m : cost;
        };
    }

    /** Fresh inverted-dropout masks, {@code np.random.rand(n, m) < keep_prob}, layer by layer. */
    private static void drawMasks(List<DMatrixRMaj> masks, int m, double keepProb, NumpyRandom rng) {
        for (DMatrixRMaj d : masks) {
            d.reshape(d.numRows, m);
            double[] data = d.data;
            for (int i = 0, n = d.getNumElements(); i < n; i++) {
                data[i] = rng.rand() < keepProb ? 1 : 0;
            }
        }
    }

    // ------------------------------------------------------------------ using the model

    /** The output probabilities {@code A[L]} for each example (never with dropout): {@code n_y × m}. */
    public DMatrixRMaj probabilities(DMatrixRMaj x) {
        checkFeatures(x);
        ModelGraph mg = graph(false, false);
        Bindings bindings = bindParameters().set(ModelGraph.X, x);
        return mg.prediction(backend).run(bindings).get(mg.output).copy();
    }

    /** Predictions {@code A[L] > 0.5} as 0/1, {@code n_y × m}; dropout is never applied here. */
    public DMatrixRMaj predict(DMatrixRMaj x) {
        DMatrixRMaj p = probabilities(x);
        for (int i = 0, n = p.getNumElements(); i < n; i++) {
            p.data[i] = p.data[i] > 0.5 ? 1 : 0;
        }
        return p;
    }

    /**
     * The percentage of correct predictions, computed as the course prints it: {@code 100 −
     * mean(|prediction − y|)·100}.
     */
    public double accuracy(DMatrixRMaj x, DMatrixRMaj y) {
        checkData(x, y);
        DMatrixRMaj p = predict(x);
        double wrong = 0;
        for (int i = 0, n = p.getNumElements(); i < n; i++) {
            wrong += Math.abs(p.data[i] - y.data[i]);
        }
        return 100 - wrong / p.getNumElements() * 100;
    }

    public double accuracy(Dataset data) {
        Objects.requireNonNull(data, "data");
        return accuracy(data.x(), data.y());
    }

    /** The cross-entropy cost J on these examples with the current parameters (no L2, no dropout). */
    public double cost(DMatrixRMaj x, DMatrixRMaj y) {
        checkData(x, y);
        ModelGraph mg = graph(false, false);
        Bindings bindings = bindParameters().set(ModelGraph.X, x).set(ModelGraph.Y, y);
        return mg.costOnly(backend).run(bindings).scalar(mg.cost);
    }

    // ------------------------------------------------------------------ graphs

    /** The model's graph: forward pass, cost {@code J} and its gradients (no L2, no dropout). */
    public Graph graph() {
        return graph(false, false).graph;
    }

    /** The output node {@code A[L]} (σ of the last linear layer). */
    public Node outputNode() {
        return graph(false, false).output;
    }

    /** The cost node {@code J}. */
    public Node costNode() {
        return graph(false, false).cost;
    }

    /**
     * The gradients of {@code J} with respect to every parameter, as derived by autodiff; print them
     * with {@code EquationPrinter.backward(net.gradients())}.
     */
    public Gradients gradients() {
        return graph(false, false).gradients;
    }

    /** The gradients of the cost that training with {@code config} uses (with its L2 term and dropout). */
    public Gradients gradients(TrainingConfig config) {
        Objects.requireNonNull(config, "config");
        return graph(config.l2() > 0, config.usesDropout() && hiddenSizes().length > 0).gradients;
    }

    ModelGraph graph(boolean l2, boolean dropout) {
        return graphs.computeIfAbsent(new ModelGraph.Kind(l2, dropout), k -> new ModelGraph(this, k));
    }

    // ------------------------------------------------------------------ parameters

    /** Copies of the parameters, by name in the course's order ({@code W1, b1, W2, b2, …}). */
    public LinkedHashMap<String, DMatrixRMaj> parameters() {
        LinkedHashMap<String, DMatrixRMaj> copy = new LinkedHashMap<>();
        parameters.forEach((name, value) -> copy.put(name, value.copy()));
        return copy;
    }

    /** The parameter names, in order. */
    public List<String> parameterNames() {
        return List.copyOf(parameters.keySet());
    }

    /** A copy of one parameter. */
    public DMatrixRMaj parameter(String name) {
        return require(name).copy();
    }

    /** Replaces a parameter's values (copied), which must have its shape. */
    public void setParameter(String name, DMatrixRMaj value) {
        Objects.requireNonNull(value, "value");
        DMatrixRMaj target = require(name);
        if (value.numRows != target.numRows || value.numCols != target.numCols) {
            throw new IllegalArgumentException("parameter " + name + " is " + target.numRows + "×" + target.numCols
                    + ", got a " + value.numRows + "×" + value.numCols + " matrix");
        }
        System.arraycopy(value.data, 0, target.data, 0, target.getNumElements());
    }

    /** Replaces every parameter; the map must name exactly this network's parameters. */
    public void setParameters(Map<String, DMatrixRMaj> values) {
        Objects.requireNonNull(values, "values");
        Set<String> missing = new TreeSet<>(parameters.keySet());
        missing.removeAll(values.keySet());
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(parameters.keySet());
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException("expected the parameters " + parameters.keySet()
                    + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (unknown.isEmpty() ? "" : "; unknown " + unknown));
        }
        for (String name : parameters.keySet()) {
            DMatrixRMaj v = values.get(name);
            DMatrixRMaj target = parameters.get(name);
            if (v.numRows != target.numRows || v.numCols != target.numCols) {
                throw new IllegalArgumentException("parameter " + name + " is " + target.numRows + "×"
                        + target.numCols + ", got a " + v.numRows + "×" + v.numCols + " matrix");
            }
        }
        values.forEach(this::setParameter);
    }

    /**
     * Saves the parameters as an uncompressed numpy {@code .npz} archive: one 2-D float64 array per
     * parameter, named as the parameter ({@code np.load(file)["W1"]}), in the course's shapes
     * ({@code W[l]} is n[l]×n[l−1], {@code b[l]} is n[l]×1).
     */
    public void save(Path file) throws IOException {
        Npy.writeNpz(Objects.requireNonNull(file, "file"), parameters);
    }

    /**
     * Loads parameters saved by {@link #save} (or by {@code np.savez(file, W1=…, b1=…)}) into this
     * network, which must have the same parameter names and shapes and finite values (a NaN or
     * infinity is refused, naming the file, the parameter and the index).
     */
    public void load(Path file) throws IOException {
        Map<String, DMatrixRMaj> values = Npy.readNpz(Objects.requireNonNull(file, "file"));
        values.forEach((name, v) -> {
            for (int i = 0, n = v.getNumElements(); i < n; i++) {
                if (!Double.isFinite(v.data[i])) {
                    throw new IllegalArgumentException(file + ": parameter '" + name + "' holds " + v.data[i] + " at ["
                            + i / v.numCols + ", " + i % v.numCols + "]; parameters must be finite");
                }
            }
        });
        try {
            setParameters(values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ internals

    /** The parameter matrices themselves (training updates them in place). */
    LinkedHashMap<String, DMatrixRMaj> live() {
        return parameters;
    }

    Bindings bindParameters() {
        Bindings b = new Bindings();
        parameters.forEach(b::set);
        return b;
    }

    static DMatrixRMaj scalar(double value) {
        DMatrixRMaj s = new DMatrixRMaj(1, 1);
        s.data[0] = value;
        return s;
    }

    private DMatrixRMaj require(String name) {
        DMatrixRMaj p = parameters.get(Objects.requireNonNull(name, "name"));
        if (p == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; this " + getClass().getSimpleName()
                    + " has " + parameters.keySet());
        }
        return p;
    }

    void checkFeatures(DMatrixRMaj x) {
        Objects.requireNonNull(x, "x");
        if (x.numRows != inputs) {
            throw new IllegalArgumentException("X must be n_x × m = " + inputs + " × m (one column per example), got "
                    + x.numRows + "×" + x.numCols);
        }
    }

    void checkData(DMatrixRMaj x, DMatrixRMaj y) {
        checkFeatures(x);
        Objects.requireNonNull(y, "y");
        if (y.numRows != outputs || y.numCols != x.numCols) {
            throw new IllegalArgumentException("Y must be n_y × m = " + outputs + " × " + x.numCols
                    + " to match X (" + x.numRows + "×" + x.numCols + "), got " + y.numRows + "×" + y.numCols);
        }
    }
}
