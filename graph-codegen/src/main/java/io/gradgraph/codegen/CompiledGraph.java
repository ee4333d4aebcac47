package io.gradgraph.codegen;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Dim;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Leaf;
import io.gradgraph.core.Node;
import io.gradgraph.core.Op;
import io.gradgraph.core.Results;
import io.gradgraph.core.Workspace;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.ejml.data.DMatrixRMaj;

/**
 * Generated code for a set of outputs, compiled in memory at run time, behind the same
 * {@link Executable} contract as the {@link Interpreter}: the same {@link Results} keyed by node, the
 * same errors for missing or wrongly shaped bindings, and bit-identical values.
 *
 * <pre>{@code
 * Executable step = CompiledGraph.compile(J, grads.of(W1), grads.of(b1));
 * Results r = step.run(new Bindings().set("X", x).set("Y", y).set("W1", w1).set("b1", b1));
 * }</pre>
 *
 * <p>On a runtime without a Java compiler (a JRE), {@link #compile} prints one warning line and
 * returns the interpreter instead.
 *
 * <p>Thread-safe like the interpreter: the generated class keeps its scratch arrays in fields, so
 * each concurrent {@link #run} takes an instance of it from a pool (making one when all are busy)
 * and returns new output matrices. A {@link #workspace()} owns one instance and one set of output
 * matrices and allocates nothing per run.
 */
public final class CompiledGraph implements Executable {
    static final String PACKAGE = "io.gradgraph.codegen.generated";
    static final String CLASS = "GeneratedGraph";
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static InMemoryCompiler shared;
    /** {@link #encode} of a symbol that is not among the plan's sizes. */
    private static final int UNKNOWN = Integer.MIN_VALUE;

    private final List<Node> outputs;
    private final List<Node> inputs;
    private final List<Node> distinct;
    private final List<Dim> sizes;
    private final Set<String> symbols;
    private final String source;
    private final Class<?> generated;
    /** The generated {@code run(int[], double[][], double[][])}, unbound. */
    private final MethodHandle entry;
    /** The ops the generated class calls at run time (ops without a lowering), handed to each instance. */
    private final Op[] calls;
    /** Run states not in use, each with its own instance of the generated class. */
    private final java.util.concurrent.ConcurrentLinkedQueue<State> idle = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /*
     * The allocation-free way to resolve sizes, used when every symbolic size is fixed by the
     * inputs' shapes and no size is bound explicitly: each dimension of an input or output is
     * a fixed size (≥ 1) or the index of a symbol (encoded as −1 − index). Anything unusual
     * (a missing or mis-shaped binding, a size not positive) takes Bindings.resolve instead,
     * which raises the same errors as before.
     */
    private final boolean fastSizes;
    private final String[] inputIds;
    private final int[] inputRows;
    private final int[] inputCols;
    private final int[] outputRows;
    private final int[] outputCols;

    /** The mutable state of one run: an instance of the generated class and the arrays it is called with. */
    private final class State {
        final MethodHandle run;
        final int[] sizeValues = new int[sizes.size()];
        final double[][] inputArrays = new double[inputs.size()][];
        final double[][] outputArrays = new double[distinct.size()][];
        final DMatrixRMaj[] values = new DMatrixRMaj[distinct.size()];
        final int[] candidate = new int[sizes.size()];
        /** The Results over {@link #values}, for workspace runs (which keep the same matrices). */
        final Results results;
        /** The bindings of the previous run and their (live, read-only) explicit sizes. */
        Bindings lastBindings;
        Map<String, Integer> lastExplicitSizes = Map.of();

        State() {
            try {
                run = entry.bindTo(newInstance(generated, calls));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot instantiate generated " + generated.getName(), e);
            }
            Map<Node, DMatrixRMaj> byNode = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                values[i] = new DMatrixRMaj(1, 1);
                byNode.put(distinct.get(i), values[i]);
            }
            results = new Results(byNode);
        }
    }

    private CompiledGraph(List<Node> outputs, InMemoryCompiler compiler) {
        this.outputs = List.copyOf(outputs);
        Plan plan = FusionPlanner.plan(this.outputs);
        this.inputs = plan.inputs();
        this.distinct = plan.outputs();
        this.sizes = plan.sizes().stream().map(Dim::symbol).toList();
        this.symbols = Set.copyOf(plan.sizes());
        this.source = JavaEmitter.emit(plan, PACKAGE, CLASS).toString();
        this.generated = compiler.compile(PACKAGE + "." + CLASS, source);
        this.calls = plan.calls().stream().map(Node::op).toArray(Op[]::new);
        try {
            this.entry = MethodHandles.publicLookup().findVirtual(generated, "run",
                    MethodType.methodType(void.class, int[].class, double[][].class, double[][].class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot find run in generated " + generated.getName(), e);
        }

        List<String> symbolNames = plan.sizes();
        this.inputIds = new String[inputs.size()];
        this.inputRows = new int[inputs.size()];
        this.inputCols = new int[inputs.size()];
        boolean[] fixedByInputs = new boolean[symbolNames.size()];
        boolean known = true;
        for (int i = 0; i < inputs.size(); i++) {
            Node in = inputs.get(i);
            inputIds[i] = ((Leaf.Bound) in.op()).id();
            inputRows[i] = encode(in.shape().rows(), symbolNames);
            inputCols[i] = encode(in.shape().cols(), symbolNames);
            for (int code : new int[] {inputRows[i], inputCols[i]}) {
                if (code == UNKNOWN) {
                    known = false;
                } else if (code < 0) {
                    fixedByInputs[-1 - code] = true;
                }
            }
        }
        this.outputRows = new int[distinct.size()];
        this.outputCols = new int[distinct.size()];
        for (int i = 0; i < distinct.size(); i++) {
            outputRows[i] = encode(distinct.get(i).shape().rows(), symbolNames);
            outputCols[i] = encode(distinct.get(i).shape().cols(), symbolNames);
            known &= outputRows[i] != UNKNOWN && outputCols[i] != UNKNOWN;
        }
        for (boolean fixed : fixedByInputs) {
            known &= fixed;
        }
        this.fastSizes = known;
        idle.offer(new State()); // instantiate once now: a broken class fails at compile time, not at the first run
    }

    /** An instance of the generated class, handed the ops it calls at run time (ops without a lowering). */
    private static Object newInstance(Class<?> cls, Op[] calls) throws ReflectiveOperationException {
        if (calls.length == 0) {
            return cls.getConstructor().newInstance();
        }
        return cls.getConstructor(Op[].class).newInstance((Object) calls.clone());
    }

    /** A fixed size as itself, a symbol as −1 − its index among the plan's sizes. */
    private static int encode(Dim d, List<String> symbols) {
        if (d instanceof Dim.Fixed f) {
            return f.size();
        }
        int index = symbols.indexOf(((Dim.Symbol) d).name());
        return index < 0 ? UNKNOWN : -1 - index;
    }

    /**
     * Generated code computing {@code outputs}, or the interpreter (with a one-line warning on
     * {@code System.err}) when this runtime has no Java compiler.
     */
    public static Executable compile(List<Node> outputs) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return fallback(outputs, WARNED.compareAndSet(false, true) ? System.err : null);
        }
        return new CompiledGraph(outputs, sharedCompiler(javac));
    }

    public static Executable compile(Node... outputs) {
        return compile(List.of(outputs));
    }

    /** {@link #compile} with the compiler given ({@code null}: none) and warnings to {@code warnings}. */
    static Executable compile(List<Node> outputs, JavaCompiler javac, PrintStream warnings) {
        if (javac == null) {
            return fallback(outputs, warnings);
        }
        return new CompiledGraph(outputs, new InMemoryCompiler(javac));
    }

    private static Executable fallback(List<Node> outputs, PrintStream warnings) {
        if (warnings != null) {
            warnings.println("GradGraph: no Java compiler in this runtime (a JRE, not a JDK): running graphs with"
                    + " the interpreter instead of generated code");
        }
        return Interpreter.of(outputs);
    }

    private static synchronized InMemoryCompiler sharedCompiler(JavaCompiler javac) {
        if (shared == null) {
            shared = new InMemoryCompiler(javac);
        }
        return shared;
    }

    /** The generated Java source this executable runs. */
    public String source() {
        return source;
    }

    @Override
    public List<Node> outputs() {
        return outputs;
    }

    /**
     * Thread-safe: runs on a pooled instance of the generated class and returns new output matrices,
     * which later runs never touch.
     */
    @Override
    public Results run(Bindings bindings) {
        State state = idle.poll();
        if (state == null) {
            state = new State();
        }
        try {
            execute(state, bindings, true);
            Map<Node, DMatrixRMaj> byNode = new LinkedHashMap<>();
            for (int i = 0; i < state.values.length; i++) {
                byNode.put(distinct.get(i), state.values[i]);
            }
            return new Results(byNode);
        } finally {
            java.util.Arrays.fill(state.inputArrays, null); // keep no reference to the caller's arrays
            java.util.Arrays.fill(state.outputArrays, null);
            state.lastBindings = null;
            state.lastExplicitSizes = Map.of();
            idle.offer(state);
        }
    }

    /**
     * One instance of the generated class and one set of output matrices, for runs that allocate
     * nothing (after the first); see {@link Workspace}.
     */
    @Override
    public Workspace workspace() {
        State state = new State();
        return Workspace.of(this, bindings -> {
            execute(state, bindings, false);
            return state.results;
        });
    }

    /** Binds and runs; {@code fresh}: new output matrices, else the state's, reshaped. */
    private void execute(State state, Bindings bindings, boolean fresh) {
        if (bindings != state.lastBindings) {
            // Bindings.sizes() is a new read-only view per call: keep one per Bindings object
            state.lastExplicitSizes = bindings.sizes();
            state.lastBindings = bindings;
        }
        if (!fastSizes || !state.lastExplicitSizes.isEmpty() || !bindFast(state, bindings, fresh)) {
            bindResolved(state, bindings, fresh);
        }
        try {
            state.run.invokeExact(state.sizeValues, state.inputArrays, state.outputArrays);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Binds inputs, sizes and outputs without allocating (unless {@code fresh}) when the bindings are
     * well formed; returns false, having changed nothing that {@link #bindResolved} does not set
     * again, otherwise.
     */
    private boolean bindFast(State state, Bindings bindings, boolean fresh) {
        int[] sizes = state.candidate;
        DMatrixRMaj[] values = state.values;
        java.util.Arrays.fill(sizes, -1);
        for (int i = 0; i < inputIds.length; i++) {
            DMatrixRMaj value = bindings.get(inputIds[i]);
            if (value == null || !match(inputRows[i], value.numRows, sizes) || !match(inputCols[i], value.numCols, sizes)) {
                return false;
            }
        }
        for (int size : sizes) {
            if (size < 1) {
                return false;
            }
        }
        for (int i = 0; i < inputIds.length; i++) {
            state.inputArrays[i] = bindings.get(inputIds[i]).data;
        }
        System.arraycopy(sizes, 0, state.sizeValues, 0, sizes.length);
        for (int i = 0; i < values.length; i++) {
            int rows = dim(outputRows[i], sizes);
            int cols = dim(outputCols[i], sizes);
            if (fresh) {
                values[i] = new DMatrixRMaj(rows, cols);
            } else {
                values[i].reshape(rows, cols);
            }
            state.outputArrays[i] = values[i].data;
        }
        return true;
    }

    private static boolean match(int code, int actual, int[] sizes) {
        if (code >= 0) {
            return actual == code;
        }
        int s = -1 - code;
        if (sizes[s] == -1) {
            sizes[s] = actual;
            return true;
        }
        return sizes[s] == actual;
    }

    private static int dim(int code, int[] sizes) {
        return code >= 0 ? code : sizes[-1 - code];
    }

    /** The general way: {@link Bindings#resolve}, which also reports every binding error. */
    private void bindResolved(State state, Bindings bindings, boolean fresh) {
        Map<String, Integer> resolved = bindings.resolve(outputs.get(0).graph(), inputs, symbols);
        for (int i = 0; i < state.sizeValues.length; i++) {
            state.sizeValues[i] = sizes.get(i).resolve(resolved);
        }
        for (int i = 0; i < state.inputArrays.length; i++) {
            state.inputArrays[i] = bindings.get(((Leaf.Bound) inputs.get(i).op()).id()).data;
        }
        DMatrixRMaj[] values = state.values;
        for (int i = 0; i < values.length; i++) {
            Node out = distinct.get(i);
            int rows = out.shape().rows(resolved);
            int cols = out.shape().cols(resolved);
            if (fresh) {
                values[i] = new DMatrixRMaj(rows, cols);
            } else {
                values[i].reshape(rows, cols);
            }
            state.outputArrays[i] = values[i].data;
        }
    }
}
