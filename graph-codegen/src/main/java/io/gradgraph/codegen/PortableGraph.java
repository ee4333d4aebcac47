package io.gradgraph.codegen;

import io.gradgraph.core.Dim;
import io.gradgraph.core.GraphException;
import io.gradgraph.core.Leaf;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;
import java.io.Serializable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Generated code for a set of outputs, as a serializable value that another JVM can compile and run
 * without the graph: the source text plus the order and shapes of its sizes, inputs and outputs.
 * This is what a Spark executor receives; it needs graph-codegen, graph-core and a JDK, not the
 * classes that built the graph.
 *
 * <pre>{@code
 * PortableGraph step = PortableGraph.of(List.of(J, grads.of(W), grads.of(b)));   // on the driver
 * PortableGraph.Instance run = step.newInstance();                                // on a worker
 * double[][] out = step.newOutputs(new int[] {m});
 * run.run(new int[] {m}, new double[][] {x, y, w, b}, out);                       // order: step.inputs()
 * }</pre>
 *
 * <p>{@link #newInstance} compiles the source at most once per JVM (classes are cached by source
 * text) and returns a new instance, which reuses its scratch buffers and is not thread-safe. Results
 * are those of {@link CompiledGraph} for the same outputs, bit for bit.
 */
public final class PortableGraph implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String CLASS = "PortableGraphStep";
    private static InMemoryCompiler compiler;

    private final String source;
    private final List<String> sizes;
    private final List<String> inputs;
    /** Per input, then per distinct output: rows and cols, a fixed size or −1 − the symbol's index. */
    private final int[][] inputDims;
    private final int[][] outputDims;
    /** For each requested output, the index of its array among the distinct outputs. */
    private final int[] outputIndex;

    private PortableGraph(List<Node> requested) {
        Plan plan = FusionPlanner.plan(requested);
        this.source = JavaEmitter.emit(plan, CompiledGraph.PACKAGE, CLASS).toString();
        this.sizes = List.copyOf(plan.sizes());
        List<String> ids = new ArrayList<>();
        inputDims = new int[plan.inputs().size()][];
        for (int i = 0; i < plan.inputs().size(); i++) {
            Node in = plan.inputs().get(i);
            ids.add(((Leaf.Bound) in.op()).id());
            inputDims[i] = encode(in.shape());
        }
        this.inputs = List.copyOf(ids);
        outputDims = new int[plan.outputs().size()][];
        for (int i = 0; i < plan.outputs().size(); i++) {
            outputDims[i] = encode(plan.outputs().get(i).shape());
        }
        outputIndex = new int[requested.size()];
        for (int i = 0; i < requested.size(); i++) {
            outputIndex[i] = plan.outputs().indexOf(requested.get(i));
        }
    }

    /** Plans and generates code for {@code outputs}, in this order. */
    public static PortableGraph of(List<Node> outputs) {
        if (outputs.isEmpty()) {
            throw new GraphException("a portable graph needs at least one output");
        }
        return new PortableGraph(List.copyOf(outputs));
    }

    private int[] encode(Shape shape) {
        return new int[] {encode(shape.rows()), encode(shape.cols())};
    }

    private int encode(Dim d) {
        return d instanceof Dim.Fixed f ? f.size() : -1 - sizes.indexOf(((Dim.Symbol) d).name());
    }

    /** The generated Java source. */
    public String source() {
        return source;
    }

    /** Symbolic sizes (such as {@code m}), in the order {@code run} takes them. */
    public List<String> sizes() {
        return sizes;
    }

    /** The ids of the inputs and parameters, in the order {@code run} takes their arrays. */
    public List<String> inputs() {
        return inputs;
    }

    /** The number of distinct output arrays {@code run} writes. */
    public int outputArrays() {
        return outputDims.length;
    }

    /** Which of {@link #newOutputs}'s arrays holds the i-th output given to {@link #of}. */
    public int outputArray(int requested) {
        return outputIndex[requested];
    }

    /** The rows and cols an input must have for these sizes (in {@link #sizes()} order). */
    public int[] inputShape(int input, int[] sizeValues) {
        return new int[] {resolve(inputDims[input][0], sizeValues), resolve(inputDims[input][1], sizeValues)};
    }

    /** Output arrays of the right lengths for these sizes. */
    public double[][] newOutputs(int[] sizeValues) {
        double[][] out = new double[outputDims.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new double[resolve(outputDims[i][0], sizeValues) * resolve(outputDims[i][1], sizeValues)];
        }
        return out;
    }

    private static int resolve(int code, int[] sizeValues) {
        return code >= 0 ? code : sizeValues[-1 - code];
    }

    /**
     * A new instance of the generated class, compiled in this JVM on first use.
     *
     * @throws GraphException if this runtime has no Java compiler (a JRE)
     */
    public Instance newInstance() {
        Class<?> cls = compiler().compile(CompiledGraph.PACKAGE + "." + CLASS, source);
        try {
            Object instance = cls.getConstructor().newInstance();
            return new Instance(MethodHandles.publicLookup().findVirtual(cls, "run",
                    MethodType.methodType(void.class, int[].class, double[][].class, double[][].class))
                    .bindTo(instance));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate generated " + cls.getName(), e);
        }
    }

    private static synchronized InMemoryCompiler compiler() {
        if (compiler == null) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new GraphException("this JVM (" + System.getProperty("java.home") + ") has no Java compiler:"
                        + " generated code needs a JDK, not a JRE");
            }
            compiler = new InMemoryCompiler(javac);
        }
        return compiler;
    }

    /** One instance of the generated class; not thread-safe. */
    public static final class Instance {
        private final MethodHandle run;

        private Instance(MethodHandle run) {
            this.run = run;
        }

        /**
         * Computes every output: sizes in {@link PortableGraph#sizes()} order, inputs in
         * {@link PortableGraph#inputs()} order, outputs as from {@link PortableGraph#newOutputs}.
         */
        public void run(int[] sizes, double[][] inputs, double[][] outputs) {
            try {
                run.invokeExact(sizes, inputs, outputs);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }
}
