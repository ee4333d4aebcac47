package io.gradgraph.spark;

import io.gradgraph.codegen.PortableGraph;
import io.gradgraph.core.GraphException;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Node;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What every partition runs: the generated code for the cost and its gradients, and where its
 * inputs come from. Built on the driver, broadcast once per training run; each executor JVM
 * compiles the source once and keeps a pool of instances (one per concurrently running task).
 */
final class StepProgram implements Serializable {
    private static final long serialVersionUID = 1L;

    final PortableGraph graph;
    /** Positions in {@code graph.inputs()} of X and Y (−1 when the cost does not read labels, as an autoencoder's). */
    final int featuresInput;
    final int labelsInput;
    final int features;
    final int labels;
    /** K when each example's label is a class 0…K−1, one-hot encoded into K rows of Y; else 0. */
    final int classes;
    /** The parameters' names, in the order of the gradients. */
    final List<String> parameters;
    /** Per parameter, the output array of its gradient; then the cost's. */
    final int[] gradientArrays;
    final int costArray;
    final int[] gradientSizes;
    private transient ConcurrentLinkedQueue<PortableGraph.Instance> pool;

    StepProgram(Gradients gradients, String featuresName, String labelsName, int classes) {
        this.classes = classes;
        Node cost = gradients.cost();
        if (!cost.shape().isScalar()) {
            throw new GraphException("the cost must be 1×1, got " + cost.label() + " (" + cost.shape() + ")");
        }
        List<Node> outputs = new ArrayList<>();
        outputs.add(cost);
        List<String> names = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (Map.Entry<Node, Node> e : gradients.requested().entrySet()) {
            names.add(e.getKey().name().orElseThrow(
                    () -> new GraphException("parameter " + e.getKey().label() + " has no name")));
            outputs.add(e.getValue());
            sizes.add(e.getKey().shape().isFixed()
                    ? e.getKey().shape().rows(Map.of()) * e.getKey().shape().cols(Map.of()) : -1);
        }
        try {
            this.graph = PortableGraph.of(outputs);
        } catch (GraphException e) {
            throw new GraphException("Spark training runs the model's generated step on the executors, and "
                    + e.getMessage());
        }
        this.parameters = List.copyOf(names);
        this.costArray = graph.outputArray(0);
        this.gradientArrays = new int[names.size()];
        this.gradientSizes = new int[names.size()];
        for (int k = 0; k < names.size(); k++) {
            gradientArrays[k] = graph.outputArray(k + 1);
            if (sizes.get(k) < 0) {
                throw new GraphException("parameter " + names.get(k) + " must have a fixed shape, got "
                        + gradients.requested().keySet().stream().toList().get(k).shape());
            }
            gradientSizes[k] = sizes.get(k);
        }
        this.featuresInput = graph.inputs().indexOf(featuresName);
        this.labelsInput = graph.inputs().indexOf(labelsName);
        if (featuresInput < 0) {
            throw new GraphException("the cost must read the features input '" + featuresName + "'; it reads "
                    + graph.inputs());
        }
        if (graph.sizes().size() != 1) {
            throw new GraphException("the graph must have exactly one symbolic size, the number of examples"
                    + " (the columns of '" + featuresName + "'), got " + graph.sizes());
        }
        int[] two = {2};
        int[] three = {3};
        for (int i : labelsInput < 0 ? new int[] {featuresInput} : new int[] {featuresInput, labelsInput}) {
            int[] a = graph.inputShape(i, two);
            int[] b = graph.inputShape(i, three);
            if (a[1] != 2 || b[1] != 3 || a[0] != b[0]) {
                throw new GraphException("'" + graph.inputs().get(i) + "' must be n × " + graph.sizes().get(0)
                        + ": a column per example");
            }
        }
        this.features = graph.inputShape(featuresInput, two)[0];
        this.labels = labelsInput < 0 ? 0 : graph.inputShape(labelsInput, two)[0];
        int[] probe = two;
        int[] probe3 = three;
        for (int i = 0; i < graph.inputs().size(); i++) {
            if (i != featuresInput && i != labelsInput && graph.inputShape(i, probe)[1] != graph.inputShape(i, probe3)[1]) {
                throw new GraphException("input '" + graph.inputs().get(i) + "' has a column per example; only '"
                        + featuresName + "' and '" + labelsName + "' can");
            }
        }
    }

    /** The total number of values: the cost, then every gradient. */
    int sumsSize() {
        int n = 1;
        for (int s : gradientSizes) {
            n += s;
        }
        return n;
    }

    /**
     * Runs the step on {@code m} examples and adds {@code m·J} and {@code m·dθ} (sums over these
     * examples, as the graph's cost is a mean) to {@code sums}. {@code fixed} holds the values of
     * every other input, in {@code graph.inputs()} order.
     */
    void accumulate(double[] x, double[] y, int m, double[][] fixed, Sums sums) {
        PortableGraph.Instance instance = borrow();
        try {
            int[] sizes = {m};
            double[][] inputs = fixed.clone();
            inputs[featuresInput] = x;
            if (labelsInput >= 0) {
                inputs[labelsInput] = y;
            }
            double[][] out = graph.newOutputs(sizes);
            instance.run(sizes, inputs, out);
            sums.add(0, out[costArray], 1, m);
            int offset = 1;
            for (int k = 0; k < gradientArrays.length; k++) {
                sums.add(offset, out[gradientArrays[k]], gradientSizes[k], m);
                offset += gradientSizes[k];
            }
            sums.addExamples(m);
        } finally {
            release(instance);
        }
    }

    /**
     * Checks on one block that the cost is additive over examples, as Spark training assumes: m·J
     * of all the block's examples must be the sum of m_i·J_i over its two halves (a mean of
     * per-example losses, plus any term that does not depend on m). A sum over examples, or a term
     * scaled by 1/m without being a mean (such as λ/(2m)·‖W‖²), fails.
     */
    void checkAdditive(Block block, double[][] fixed) {
        int m = block.examples;
        int half = m / 2;
        int[] first = new int[half];
        int[] second = new int[m - half];
        for (int j = 0; j < m; j++) {
            if (j < half) {
                first[j] = j;
            } else {
                second[j - half] = j;
            }
        }
        double whole = sumOfCost(block.x, block.y, m, fixed);
        double parts = sumOfCost(block.columns(block.x, features, first), block.columns(block.y, labels, first), half,
                fixed) + sumOfCost(block.columns(block.x, features, second), block.columns(block.y, labels, second),
                        m - half, fixed);
        if (!(Math.abs(whole - parts) <= 1e-9 * Math.max(Math.abs(whole), Math.abs(parts)))) {
            throw new SparkTrainingException("the model's cost is not a mean over examples: on " + m + " examples of"
                    + " partition " + block.partition + ", m·J = " + whole + " but its two halves give " + parts
                    + "; Spark adds each partition's m·J, so the loss must be (1/m)·Σ of per-example losses"
                    + " (Loss.PerExample)");
        }
    }

    private double sumOfCost(double[] x, double[] y, int m, double[][] fixed) {
        Sums sums = new Sums(sumsSize());
        accumulate(x, y, m, fixed, sums);
        return sums.value(0);
    }

    private synchronized ConcurrentLinkedQueue<PortableGraph.Instance> pool() {
        if (pool == null) {
            pool = new ConcurrentLinkedQueue<>();
        }
        return pool;
    }

    private PortableGraph.Instance borrow() {
        PortableGraph.Instance i = pool().poll();
        return i != null ? i : graph.newInstance();
    }

    private void release(PortableGraph.Instance instance) {
        pool().offer(instance);
    }
}
