package io.gradgraph.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * Evaluates a set of nodes on EJML matrices. Nodes shared by several outputs (forward values used
 * by the backward pass) are computed once per run; a transpose read only by matrix products is not
 * copied (the kernel reads it in place).
 *
 * <p>Thread-safe: {@link #run} takes its intermediate buffers from a pool (one set per concurrent
 * run, kept for later runs) and hands the outputs' buffers to the {@link Results}, which stay valid.
 * A {@link #workspace()} keeps one set of buffers, outputs included, for allocation-free loops.
 *
 * <pre>{@code
 * Interpreter run = Interpreter.of(J, grads.of(W1), grads.of(b1));
 * Results r = run.run(new Bindings().set("X", x).set("Y", y).set("W1", w1).set("b1", b1));
 * double cost = r.scalar(J);
 * }</pre>
 */
public final class Interpreter implements Executable {
    private final List<Node> outputs;
    private final List<Node> plan;
    private final List<Node> bound;
    private final java.util.Set<String> symbols;
    private final boolean checkNaN;
    /** Per step of the plan: the positions in the plan of its inputs (so a run looks nothing up). */
    private final int[][] inputSlots;
    /** Per step: a transpose read only by products, in place (no buffer, its input's value). */
    private final boolean[] folded;
    /** Per step: the name of the bound input or parameter it is, or null. */
    private final String[] boundIds;
    /** Per step: the kernel of a matrix product (which reads folded transposes in place), or null. */
    private final Lowering.Multiply[] products;
    /** The position in the plan of each output. */
    private final int[] outputSlots;
    /** Run states not in use; a run takes one (or makes one) and puts it back. */
    private final java.util.concurrent.ConcurrentLinkedQueue<State> idle = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** The mutable state of one run. */
    private static final class State {
        /** Per step: the buffer it computes into, reused across runs (null: bound or folded). */
        final DMatrixRMaj[] buffers;
        /** Per step: its value in the current run (a buffer, or a bound matrix). */
        final DMatrixRMaj[] values;
        final List<DMatrixRMaj> args = new ArrayList<>(3);

        State(int steps) {
            buffers = new DMatrixRMaj[steps];
            values = new DMatrixRMaj[steps];
        }
    }

    private Interpreter(List<Node> outputs, boolean checkNaN) {
        if (outputs.isEmpty()) {
            throw new GraphException("an executable needs at least one output");
        }
        this.outputs = List.copyOf(outputs);
        this.checkNaN = checkNaN;
        this.plan = Graph.topologicalOrder(outputs);
        this.bound = plan.stream().filter(n -> n.op().lowering() instanceof Lowering.Bound).toList();
        this.symbols = new java.util.HashSet<>();
        for (Node n : plan) {
            for (Dim d : List.of(n.shape().rows(), n.shape().cols())) {
                if (d instanceof Dim.Symbol s) {
                    symbols.add(s.name());
                }
            }
            if (n.op().lowering() instanceof Lowering.InverseSize inv) {
                inv.dims().stream().filter(d -> d instanceof Dim.Symbol).forEach(d -> symbols.add(d.toString()));
            }
        }
        java.util.Set<Node> transposesInPlace = foldedTransposes(plan, outputs);
        Map<Node, Integer> slot = new java.util.HashMap<>();
        for (int i = 0; i < plan.size(); i++) {
            slot.put(plan.get(i), i);
        }
        this.inputSlots = new int[plan.size()][];
        this.folded = new boolean[plan.size()];
        this.boundIds = new String[plan.size()];
        this.products = new Lowering.Multiply[plan.size()];
        for (int i = 0; i < plan.size(); i++) {
            Node n = plan.get(i);
            inputSlots[i] = n.inputs().stream().mapToInt(slot::get).toArray();
            folded[i] = transposesInPlace.contains(n);
            Lowering lowering = n.op().lowering();
            if (lowering instanceof Lowering.Bound b) {
                boundIds[i] = b.id();
            }
            if (lowering instanceof Lowering.Product p) {
                products[i] = p.kernel();
            }
        }
        this.outputSlots = this.outputs.stream().mapToInt(slot::get).toArray();
    }

    /**
     * Transposes read only by matrix products (and not outputs): never copied, the product reads
     * their input with a trans flag, as generated code does.
     */
    private static java.util.Set<Node> foldedTransposes(List<Node> plan, List<Node> outputs) {
        java.util.Set<Node> folded = new java.util.HashSet<>();
        for (Node n : plan) {
            // (a transpose of a transpose is simplified away when built; a raw one is just copied)
            if (isTranspose(n) && !isTranspose(n.input(0))) {
                folded.add(n);
            }
        }
        folded.removeAll(outputs);
        for (Node n : plan) {
            if (!(n.op().lowering() instanceof Lowering.Product)) {
                n.inputs().forEach(folded::remove);
            }
        }
        return folded;
    }

    private static boolean isTranspose(Node n) {
        return n.op().lowering() instanceof Lowering.View v && v.transposes();
    }

    public static Interpreter of(Node... outputs) {
        return new Interpreter(List.of(outputs), false);
    }

    public static Interpreter of(List<Node> outputs) {
        return new Interpreter(outputs, false);
    }

    /**
     * An interpreter that checks every value for NaN: a NaN in a bound input or parameter is reported
     * with its name and index; otherwise the run stops at the first op that produced a NaN from
     * NaN-free inputs, naming it.
     */
    public static Interpreter checkingNaN(List<Node> outputs) {
        return new Interpreter(outputs, true);
    }

    @Override
    public List<Node> outputs() {
        return outputs;
    }

    /**
     * The nodes of one run, in evaluation order; transposes read only by matrix products are in the
     * list but never copied (the product reads their input with a trans flag).
     */
    public List<Node> plan() {
        return plan;
    }

    /** A state with a fresh buffer for every computed step. */
    private State newState() {
        State state = new State(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            if (boundIds[i] == null && !folded[i]) {
                state.buffers[i] = new DMatrixRMaj(1, 1);
            }
        }
        return state;
    }

    /**
     * Thread-safe. The returned matrices are the caller's: an output computed by the run is its own
     * buffer (the pooled state gets a new one), an output that is a bound input is a copy.
     */
    @Override
    public Results run(Bindings bindings) {
        Map<String, Integer> sizes = resolve(bindings);
        State state = idle.poll();
        if (state == null) {
            state = newState();
        }
        try {
            evaluate(bindings, sizes, state.buffers, state.values, state.args);
            Map<Node, DMatrixRMaj> result = new LinkedHashMap<>();
            for (int i = 0; i < outputSlots.length; i++) {
                int s = outputSlots[i];
                if (!result.containsKey(outputs.get(i))) {
                    DMatrixRMaj buffer = state.buffers[s];
                    if (buffer == null) {
                        result.put(outputs.get(i), state.values[s].copy());
                    } else {
                        result.put(outputs.get(i), buffer);
                        state.buffers[s] = new DMatrixRMaj(1, 1);
                    }
                }
            }
            return new Results(result);
        } finally {
            java.util.Arrays.fill(state.values, null); // keep no reference to the caller's matrices
            idle.offer(state);
        }
    }

    /** One set of buffers for allocation-free runs on one thread; see {@link Workspace}. */
    @Override
    public Workspace workspace() {
        State state = newState();
        return Workspace.of(this, bindings -> {
            Map<String, Integer> sizes = resolve(bindings);
            try {
                evaluate(bindings, sizes, state.buffers, state.values, state.args);
                Map<Node, DMatrixRMaj> result = new LinkedHashMap<>();
                for (int i = 0; i < outputSlots.length; i++) {
                    result.put(outputs.get(i), state.values[outputSlots[i]]);
                }
                return new Results(result);
            } finally {
                java.util.Arrays.fill(state.values, null);
            }
        });
    }

    private Map<String, Integer> resolve(Bindings bindings) {
        return bindings.resolve(outputs.get(0).graph(), bound, symbols);
    }

    private void evaluate(Bindings bindings, Map<String, Integer> sizes, DMatrixRMaj[] buffers, DMatrixRMaj[] values,
            List<DMatrixRMaj> args) {
        for (int s = 0, steps = plan.size(); s < steps; s++) { // indexed: no iterator per run
            Node n = plan.get(s);
            if (boundIds[s] != null) {
                values[s] = bindings.get(boundIds[s]);
                if (checkNaN) {
                    checkBound(n, boundIds[s], values[s]);
                }
                continue;
            }
            if (folded[s]) {
                continue;
            }
            DMatrixRMaj out = buffers[s];
            out.reshape(n.shape().rows(sizes), n.shape().cols(sizes));
            int[] in = inputSlots[s];
            Lowering.Multiply product = products[s];
            if (product != null && (folded[in[0]] || folded[in[1]])) {
                boolean transA = folded[in[0]];
                boolean transB = folded[in[1]];
                // a folded transpose's value is its input's
                DMatrixRMaj av = values[transA ? inputSlots[in[0]][0] : in[0]];
                DMatrixRMaj bv = values[transB ? inputSlots[in[1]][0] : in[1]];
                product.multiply(av, transA, bv, transB, out);
                if (checkNaN) {
                    checkNaN(n, List.of(av, bv), out);
                }
            } else {
                args.clear();
                for (int slot : in) {
                    args.add(values[slot]);
                }
                n.op().evaluate(args, out, sizes);
                if (checkNaN) {
                    checkNaN(n, args, out);
                }
            }
            values[s] = out;
        }
    }

    private static void checkNaN(Node n, List<DMatrixRMaj> args, DMatrixRMaj out) {
        int bad = firstNaN(out);
        if (bad < 0 || args.stream().anyMatch(a -> firstNaN(a) >= 0)) {
            return;
        }
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            DMatrixRMaj a = args.get(i);
            int idx = a.getNumElements() == 1 ? 0 : Math.min(bad, a.getNumElements() - 1);
            inputs.append(i == 0 ? "" : ", ").append(n.input(i).label()).append('=').append(a.data[idx]);
        }
        throw new GraphException(n.op().name() + " produced NaN at " + n.label() + "[" + bad / out.numCols + ","
                + bad % out.numCols + "] from NaN-free inputs (" + inputs + ")");
    }

    /** A NaN that arrives in an input or parameter, named with its index. */
    private static void checkBound(Node n, String id, DMatrixRMaj value) {
        int bad = firstNaN(value);
        if (bad >= 0) {
            throw new GraphException(n.op().name() + " '" + id + "' holds NaN at ["
                    + bad / value.numCols + "," + bad % value.numCols + "] (" + value.numRows + "×" + value.numCols
                    + "): the NaN comes from the bound value, not from an op");
        }
    }

    private static int firstNaN(DMatrixRMaj m) {
        for (int i = 0, n = m.getNumElements(); i < n; i++) {
            if (Double.isNaN(m.data[i])) {
                return i;
            }
        }
        return -1;
    }
}
