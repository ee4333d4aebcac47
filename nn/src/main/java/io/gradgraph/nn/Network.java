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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.ejml.data.DMatrixRMaj;

/**
 * A trainable {@link Model}: its parameter values, and everything that uses them — {@code fit},
 * {@code predict}, {@code accuracy}, {@link GradientCheck}, save and load. Any model built with
 * {@link Model#builder} gets all of it; the built-in {@link LogisticRegression}, {@link ShallowNetwork}
 * and {@link DeepNetwork} are subclasses that only choose a model.
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
 * <p>Parameters are named by the model ({@code W1, b1, W2, b2, …} for the built-in ones) and can be
 * read, replaced, saved and loaded by name. {@code output}, {@code predict}, {@code accuracy},
 * {@code evaluate}, {@code cost}, {@code save} and the parameter copies may be called from many
 * threads at once (each graph is compiled once, and runs share nothing); while a {@code fit} runs
 * they are refused from other threads, because it changes the parameters in place (its callbacks,
 * on the training thread, may call them). A network trains one {@code fit} at a time and refuses a
 * second concurrent one. Replacing parameters ({@code setParameter}, {@code load}) while other
 * threads read them is not synchronised: do that before sharing the network.
 */
public class Network {
    private final Model model;
    private final LinkedHashMap<String, DMatrixRMaj> parameters;
    private final Map<ModelGraph.Kind, ModelGraph> graphs = new ConcurrentHashMap<>();
    private final AtomicReference<Thread> training = new AtomicReference<>();

    /** A network of {@code model} with the model's initial parameters. */
    public Network(Model model) {
        this.model = Objects.requireNonNull(model, "model");
        this.parameters = model.initialParameters();
    }

    /**
     * The backend models run on unless they choose one: {@link Backend#preferred()} (generated code
     * when graph-codegen is on the class path). The one place nn sets this default.
     */
    public static Backend defaultBackend() {
        return Backend.preferred();
    }

    /** The model this network trains. */
    public Model model() {
        return model;
    }

    // ------------------------------------------------------------------ shape

    /** n_x, the number of input features. */
    public int inputs() {
        return model.features();
    }

    /** n_y, the number of output units (1 for the course's binary classifiers, K for K classes). */
    public int outputs() {
        return model.outputs();
    }

    /** The backend that runs this network's graphs unless a {@link TrainingConfig} overrides it. */
    public Backend backend() {
        return model.backend();
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
     * <p>A NaN or infinite cost stops training with a {@link NonFiniteCostException} naming the
     * iteration and the first non-finite parameter or gradient, unless
     * {@link TrainingConfig.Builder#continueOnNonFinite} says to go on.
     *
     * @param x features, {@code n_x × m}
     * @param y labels, {@code n_y × m} (one row of classes 0…K−1 for a model with class labels)
     * @return the recorded costs
     * @throws IllegalArgumentException if the shapes or labels do not fit the network, or dropout is
     *     asked of a model that marks no activation for it
     * @throws IllegalStateException if this network is already training
     */
    public History fit(DMatrixRMaj x, DMatrixRMaj y, TrainingConfig config) {
        Objects.requireNonNull(config, "config");
        checkData(x, y);
        DMatrixRMaj labels = encodeLabels(y);
        if (config.usesDropout() && graph(false, true).masks.isEmpty()) {
            throw new IllegalArgumentException("dropout (keep_prob = " + config.keepProb() + ") applies to the"
                    + " activations a model marks with ModelContext.dropout, and " + describe() + " marks none");
        }
        Thread current = Thread.currentThread();
        if (!training.compareAndSet(null, current)) {
            Thread other = training.get();
            throw new IllegalStateException(describe() + " is already training (fit running in thread '"
                    + (other == null ? "?" : other.getName()) + "'); a network trains one fit at a time: wait for"
                    + " it, or train a second network");
        }
        try {
            return train(x, y, labels, config);
        } finally {
            training.set(null);
        }
    }

    private History train(DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj labels, TrainingConfig config) {
        boolean miniBatches = config.usesMiniBatches(x.numCols);
        String unit = miniBatches ? "epoch" : "iteration";
        List<History.Entry> entries = new ArrayList<>();
        Optional<PipelinedDescent> pipelined = PipelinedDescent.start(this, x, y, config);
        Iteration iteration = pipelined.isPresent()
                ? i -> {
                    double cost = pipelined.get().step();
                    if (!Double.isFinite(cost) && config.stopOnNonFinite()) {
                        throw nonFinite(unit, i, "", cost, List.of(), true, entries);
                    }
                    return cost;
                }
                : steps(x, labels, config, miniBatches, unit, entries);
        double finalCost = Double.NaN;
        for (int i = 0; i < config.iterations(); i++) {
            double iterationCost = iteration.run(i);
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

    /** One iteration (epoch): its cost. */
    @FunctionalInterface
    private interface Iteration {
        double run(int i);
    }

    /**
     * The plain training loop: iteration i runs the compiled graph for the cost and all gradients on
     * each batch (all examples, or epoch i's mini-batches) and lets the optimizer update the
     * parameters; it returns the iteration's cost (with mini-batches, their average weighted by
     * size, or the last batch's as configured).
     */
    private Iteration steps(DMatrixRMaj x, DMatrixRMaj y, TrainingConfig config, boolean miniBatches, String unit,
            List<History.Entry> entries) {
        int m = x.numCols;
        ModelGraph mg = graph(config.l2() > 0, config.usesDropout());
        // one workspace for the whole loop: a step's results are used before the next step runs
        Workspace step = mg.training(config.backend().orElse(backend())).workspace();
        Bindings bindings = bindParameters();
        if (mg.kind.l2()) {
            bindings.set(ModelGraph.LAMBDA, scalar(config.l2()));
        }
        List<DMatrixRMaj> masks = new ArrayList<>();
        NumpyRandom dropoutRng;
        if (mg.kind.dropout()) {
            bindings.set(ModelGraph.KEEP_PROB, scalar(config.keepProb()));
            for (Node mask : mg.masks) {
                DMatrixRMaj d = new DMatrixRMaj(1, 1);
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
        boolean lastBatch = config.epochCost() == TrainingConfig.EpochCost.LAST_BATCH;
        return i -> {
            List<Dataset> batches = miniBatches
                    ? MiniBatches.random(all, config.batchSize(), (config.shuffleSeed() + 1 + i) & NumpyRandom.MAX_SEED)
                    : List.of(all);
            double total = 0;
            double cost = Double.NaN;
            for (int b = 0; b < batches.size(); b++) {
                Dataset batch = batches.get(b);
                bindings.set(mg.x, batch.x()).set(mg.y, batch.y());
                if (dropoutRng != null) {
                    if (config.dropoutReseed()) {
                        dropoutRng.seed(config.dropoutSeed());
                    }
                    drawMasks(mg.masks, masks, batch.examples(), config.keepProb(), dropoutRng);
                }
                Results r = step.run(bindings);
                cost = r.scalar(mg.cost);
                grads.clear();
                for (Node grad : mg.gradientNodes) {
                    grads.add(r.get(grad));
                }
                if (!Double.isFinite(cost) && config.stopOnNonFinite()) {
                    String where = batches.size() > 1 ? " (mini-batch " + (b + 1) + " of " + batches.size() + ")" : "";
                    throw nonFinite(unit, i, where, cost, grads, false, entries);
                }
                total += cost * batch.examples();
                optimizer.step(grads);
            }
            return miniBatches && !lastBatch ? total / m : cost;
        };
    }

    /**
     * The exception that stops training at a non-finite cost, naming the first non-finite parameter
     * (they entered this step, or left it for a pipelined step) or else the first non-finite gradient.
     */
    private NonFiniteCostException nonFinite(String unit, int iteration, String where, double cost,
            List<DMatrixRMaj> gradients, boolean updated, List<History.Entry> entries) {
        String culprit = null;
        for (Map.Entry<String, DMatrixRMaj> e : parameters.entrySet()) {
            culprit = firstNonFinite("parameter " + e.getKey(), e.getValue());
            if (culprit != null) {
                culprit += updated ? " (after this step's update)" : "";
                break;
            }
        }
        List<String> names = parameterNames();
        for (int k = 0; culprit == null && k < gradients.size(); k++) {
            culprit = firstNonFinite("gradient d" + names.get(k), gradients.get(k));
        }
        if (culprit == null) {
            culprit = (gradients.isEmpty() ? "every parameter is finite" : "every parameter and gradient is finite")
                    + ": a value on the way to the cost overflowed (e.g. a product beyond 1.8e308, or log of 0)";
        } else {
            culprit = "first non-finite " + culprit;
        }
        String reason = "training stopped: the cost of " + unit + " " + iteration + where + " is "
                + History.sixDecimals(cost) + "; " + culprit + ".";
        double last = entries.isEmpty() ? Double.NaN : entries.get(entries.size() - 1).cost();
        return new NonFiniteCostException(reason, " (TrainingConfig.Builder.continueOnNonFinite() trains on"
                + " regardless.)", iteration, new History(unit, entries, last, iteration));
    }

    private static String firstNonFinite(String what, DMatrixRMaj m) {
        for (int i = 0, n = m.getNumElements(); i < n; i++) {
            if (!Double.isFinite(m.data[i])) {
                return what + "[" + i / m.numCols + "," + i % m.numCols + "] = " + m.data[i];
            }
        }
        return null;
    }

    /** Fresh inverted-dropout masks, {@code np.random.rand(rows, cols) < keep_prob}, in mask order. */
    private static void drawMasks(List<Node> nodes, List<DMatrixRMaj> masks, int m, double keepProb, NumpyRandom rng) {
        Map<String, Integer> sizes = Map.of(ModelGraph.M.toString(), m);
        for (int k = 0; k < masks.size(); k++) {
            DMatrixRMaj d = masks.get(k);
            d.reshape(nodes.get(k).shape().rows().resolve(sizes), nodes.get(k).shape().cols().resolve(sizes));
            double[] data = d.data;
            for (int i = 0, n = d.getNumElements(); i < n; i++) {
                data[i] = rng.rand() < keepProb ? 1 : 0;
            }
        }
    }

    // ------------------------------------------------------------------ using the model

    /** The value of the model's output node for each example (never with dropout): {@code n_y × m}. */
    public DMatrixRMaj output(DMatrixRMaj x) {
        refuseWhileTraining("compute outputs");
        checkFeatures(x);
        ModelGraph mg = graph(false, false);
        Bindings bindings = bindParameters().set(mg.x, x);
        return mg.prediction(backend()).run(bindings).get(mg.output).copy();
    }

    /** The output probabilities {@code A[L]} of a classifier: {@link #output}. */
    public DMatrixRMaj probabilities(DMatrixRMaj x) {
        return output(x);
    }

    /** The model's {@link Prediction} of the outputs: {@code A[L] > 0.5} as 0/1 for the built-in binary models. */
    public DMatrixRMaj predict(DMatrixRMaj x) {
        return model.prediction().predict(output(x));
    }

    /**
     * The percentage of correct predictions by the model's {@link Prediction}; for the course's
     * binary models computed as the course prints it: {@code 100 − mean(|prediction − y|)·100}.
     */
    public double accuracy(DMatrixRMaj x, DMatrixRMaj y) {
        checkData(x, y);
        if (model.classes() > 0) {
            encodeLabels(y);
        }
        return model.prediction().accuracy(predict(x), y);
    }

    public double accuracy(Dataset data) {
        Objects.requireNonNull(data, "data");
        return accuracy(data.x(), data.y());
    }

    /** A user's metric of the outputs (never with dropout) against the labels. */
    public double evaluate(Metric metric, DMatrixRMaj x, DMatrixRMaj y) {
        Objects.requireNonNull(metric, "metric");
        checkData(x, y);
        return metric.evaluate(output(x), y);
    }

    /** The cost J on these examples with the current parameters (no L2, no dropout). */
    public double cost(DMatrixRMaj x, DMatrixRMaj y) {
        refuseWhileTraining("compute the cost");
        checkData(x, y);
        ModelGraph mg = graph(false, false);
        Bindings bindings = bindParameters().set(mg.x, x).set(mg.y, encodeLabels(y));
        return mg.costOnly(backend()).run(bindings).scalar(mg.cost);
    }

    /**
     * The labels as the graph's {@code Y} takes them: as given, or for a model with class labels the
     * K×m one-hot encoding of one row of classes 0…K−1.
     *
     * @throws IllegalArgumentException naming the first label that is not a class 0…K−1
     */
    public DMatrixRMaj encodeLabels(DMatrixRMaj y) {
        Objects.requireNonNull(y, "y");
        int k = model.classes();
        if (k == 0) {
            return y;
        }
        if (y.numRows != 1) {
            throw new IllegalArgumentException("labels must be one row of classes 0…" + (k - 1) + ", got "
                    + y.numRows + "×" + y.numCols);
        }
        DMatrixRMaj oneHot = new DMatrixRMaj(k, y.numCols);
        for (int j = 0; j < y.numCols; j++) {
            double label = y.data[j];
            if (!(label >= 0 && label < k && label == Math.rint(label))) {
                throw new IllegalArgumentException("label " + label + " of example " + j + " is not a class 0…"
                        + (k - 1) + " (K = " + k + ", the size of the output layer)");
            }
            oneHot.set((int) label, j, 1);
        }
        return oneHot;
    }

    // ------------------------------------------------------------------ graphs

    /** The model's graph: forward pass, cost {@code J} and its gradients (no L2, no dropout). */
    public Graph graph() {
        return graph(false, false).graph;
    }

    /** The output node, e.g. {@code A[L]}. */
    public Node outputNode() {
        return graph(false, false).output;
    }

    /** The cost node {@code J}. */
    public Node costNode() {
        return graph(false, false).cost;
    }

    /** The features' input node {@code X} (n_x × m) of {@link #graph()}. */
    public Node featuresNode() {
        return graph(false, false).x;
    }

    /** The labels' input node {@code Y} (n_y × m, K × m one-hot for class labels) of {@link #graph()}. */
    public Node labelsNode() {
        return graph(false, false).y;
    }

    /** The parameter nodes of {@link #graph()} by name, in the model's order. */
    public Map<String, Node> parameterNodes() {
        return Collections.unmodifiableMap(graph(false, false).parameters);
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
        boolean dropout = config.usesDropout() && !graph(false, true).masks.isEmpty();
        return graph(config.l2() > 0, dropout).gradients;
    }

    ModelGraph graph(boolean l2, boolean dropout) {
        return graphs.computeIfAbsent(new ModelGraph.Kind(l2, dropout), k -> new ModelGraph(model, k));
    }

    // ------------------------------------------------------------------ parameters

    /** Copies of the parameters, by name in the model's order ({@code W1, b1, W2, b2, …}). */
    public LinkedHashMap<String, DMatrixRMaj> parameters() {
        refuseWhileTraining("copy the parameters");
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
        refuseWhileTraining("copy parameter " + name);
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
        refuseWhileTraining("change parameter " + name);
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
     * parameter, named as the parameter ({@code np.load(file)["W1"]}), in the model's shapes
     * ({@code W[l]} is n[l]×n[l−1], {@code b[l]} is n[l]×1).
     */
    public void save(Path file) throws IOException {
        refuseWhileTraining("save");
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

    @Override
    public String toString() {
        return "Network[" + model + "]";
    }

    // ------------------------------------------------------------------ internals

    /** The network's name in messages: the built-in class, or the model's name. */
    String describe() {
        return getClass() == Network.class ? "model " + model.name() : getClass().getSimpleName();
    }

    /**
     * Runs {@code action} as the only user of the parameters (gradient checks perturb them in
     * place), refusing while a {@code fit} runs.
     */
    <T> T exclusively(String what, java.util.function.Supplier<T> action) {
        Thread current = Thread.currentThread();
        if (!training.compareAndSet(null, current)) {
            throw new IllegalStateException("cannot " + what + " while " + describe() + " is training");
        }
        try {
            return action.get();
        } finally {
            training.set(null);
        }
    }

    private void refuseWhileTraining(String what) {
        Thread t = training.get();
        if (t != null && t != Thread.currentThread()) {
            throw new IllegalStateException("cannot " + what + " while " + describe() + " is training");
        }
    }

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
            throw new IllegalArgumentException("no parameter named '" + name + "'; this " + describe() + " has "
                    + parameters.keySet());
        }
        return p;
    }

    void checkFeatures(DMatrixRMaj x) {
        Objects.requireNonNull(x, "x");
        if (x.numRows != inputs()) {
            throw new IllegalArgumentException("X must be n_x × m = " + inputs() + " × m (one column per example), got "
                    + x.numRows + "×" + x.numCols);
        }
    }

    void checkData(DMatrixRMaj x, DMatrixRMaj y) {
        checkFeatures(x);
        Objects.requireNonNull(y, "y");
        int rows = model.labelRows();
        if (y.numRows != rows || y.numCols != x.numCols) {
            throw new IllegalArgumentException("Y must be " + (model.classes() > 0 ? "one row of classes 0…"
                    + (model.classes() - 1) + ", 1" : "n_y × m = " + rows) + " × " + x.numCols + " to match X ("
                    + x.numRows + "×" + x.numCols + "), got " + y.numRows + "×" + y.numCols);
        }
    }
}
