package io.gradgraph.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Leaf;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;
import io.gradgraph.core.ShallowNetwork;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * After the first call, generated code allocates nothing: scratch buffers are fields grown on
 * demand. Measured with the per-thread allocation counter (a check of allocation, not of timing).
 */
class AllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int CALLS = 1_000;

    /** A compiled graph called directly through its positional entry point. */
    private record Generated(Plan plan, MethodHandle run, int[] sizes, double[][] inputs, double[][] outputs) {
        static Generated of(List<Node> outputs, Bindings bindings, int m) throws Exception {
            Plan plan = FusionPlanner.plan(outputs);
            String source = JavaEmitter.emit(plan, "io.gradgraph.generated", "Probe").toString();
            Class<?> cls = new InMemoryCompiler(ToolProvider.getSystemJavaCompiler())
                    .compile("io.gradgraph.generated.Probe", source);
            MethodHandle run = MethodHandles.publicLookup().findVirtual(cls, "run",
                    MethodType.methodType(void.class, int[].class, double[][].class, double[][].class))
                    .bindTo(cls.getConstructor().newInstance());
            double[][] inputs = plan.inputs().stream().map(n -> bindings.get(((Leaf.Bound) n.op()).id()).data)
                    .toArray(double[][]::new);
            Map<String, Integer> sizes = Map.of("m", m);
            double[][] results = plan.outputs().stream()
                    .map(n -> new double[n.shape().rows(sizes) * n.shape().cols(sizes)]).toArray(double[][]::new);
            return new Generated(plan, run, plan.sizes().isEmpty() ? new int[0] : new int[] {m}, inputs, results);
        }

        /**
         * Bytes allocated by {@link #CALLS} calls after warm-up, the least of a few rounds (a one-off
         * allocation by the runtime, such as the JIT relinking a call site, is not the code's).
         */
        long allocatedByCalls() throws Throwable {
            for (int i = 0; i < 2 * CALLS; i++) { // the first call allocates the buffers; then let the JIT settle
                run.invokeExact(sizes, inputs, outputs);
            }
            long least = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long id = Thread.currentThread().getId();
                long baselineStart = THREADS.getThreadAllocatedBytes(id);
                long baseline = THREADS.getThreadAllocatedBytes(id) - baselineStart;
                long start = THREADS.getThreadAllocatedBytes(id);
                for (int i = 0; i < CALLS; i++) {
                    run.invokeExact(sizes, inputs, outputs);
                }
                least = Math.min(least, THREADS.getThreadAllocatedBytes(id) - start - baseline);
            }
            return least;
        }
    }

    @Test
    void loopsAndSumsAllocateNothing() throws Throwable {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(3, "m"));
        Node y = g.input("Y", Shape.of(1, "m"));
        Node w = g.parameter("w", 3, 1);
        Node b = g.parameter("b", 1, 1);
        Node a = g.sigmoid(g.add(g.sum(g.mul(x, w), 0, true), b)).named("A");
        Node j = g.mean(g.binaryCrossEntropy(a, y)).named("J");
        var grads = g.gradients(j, w, b);
        int m = 300;
        Random random = new Random(3);
        Bindings bindings = new Bindings().set("X", Fixtures.random(random, 3, m, 1)).set("Y", Fixtures.random(random, 1, m, 1))
                .set("w", Fixtures.random(random, 3, 1, 1)).set("b", Fixtures.random(random, 1, 1, 1));
        Generated generated = Generated.of(List.of(j, grads.of(w), grads.of(b), a), bindings, m);
        assertTrue(generated.plan().steps().stream().noneMatch(s -> s instanceof Plan.Step.Product));
        assertEquals(0, generated.allocatedByCalls(), "bytes allocated by " + CALLS + " calls");
    }

    /**
     * Through the {@link io.gradgraph.core.Executable} API too, with the opt-in to buffer reuse (a
     * {@link io.gradgraph.core.Workspace}, as nn's training loop uses): binding checks, sizes and the
     * one-thread check allocate nothing.
     */
    @Test
    void executableRunAllocatesNothing() {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        Bindings bindings = Fixtures.shallowBindings(2, 4, 400, 9);
        io.gradgraph.core.Workspace step = CompiledGraph.compile(Fixtures.trainingOutputs(net)).workspace();
        for (int i = 0; i < 2 * CALLS; i++) {
            step.run(bindings);
        }
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long baselineStart = THREADS.getThreadAllocatedBytes(id);
            long baseline = THREADS.getThreadAllocatedBytes(id) - baselineStart;
            long start = THREADS.getThreadAllocatedBytes(id);
            for (int i = 0; i < CALLS; i++) {
                step.run(bindings);
            }
            least = Math.min(least, THREADS.getThreadAllocatedBytes(id) - start - baseline);
        }
        assertEquals(0, least, "bytes allocated by " + CALLS + " runs");
    }

    @Test
    void shallowNetworkTrainingStepAllocatesNothing() throws Throwable {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        int m = 400;
        Generated generated = Generated.of(Fixtures.trainingOutputs(net), Fixtures.shallowBindings(2, 4, m, 9), m);
        assertEquals(0, generated.allocatedByCalls(), "bytes allocated by " + CALLS + " calls");
    }
}
