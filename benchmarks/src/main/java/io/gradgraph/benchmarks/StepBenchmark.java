package io.gradgraph.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same workloads under JMH, e.g. to see allocation per step with the gc profiler:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/gradgraph-benchmarks.jar \
 *     org.openjdk.jmh.Main StepBenchmark -p executor=compiled -prof gc
 * </pre>
 *
 * {@code gc.alloc.rate.norm} is the bytes allocated per timed unit (a step, or an epoch for
 * {@code deep_adam}). The forked JVM gets this JVM's flags (JMH's default).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StepBenchmark {

    @Param({"logistic", "shallow", "deep", "deep_adam"})
    public String workload;

    @Param({"compiled", "interpreter"})
    public String executor;

    private Workload w;

    @Setup(Level.Trial)
    public void setUp() {
        w = Workloads.create(workload, Workloads.backend(executor));
    }

    /** One step (one epoch for deep_adam); returns the cost so that nothing is dead code. */
    @Benchmark
    public double step() {
        w.run();
        return w.cost();
    }
}
