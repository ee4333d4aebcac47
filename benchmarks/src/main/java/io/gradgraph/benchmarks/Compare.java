package io.gradgraph.benchmarks;

import io.gradgraph.core.kernel.MatMul;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Java half of {@code bash benchmarks/compare.sh}: times the course's workloads ({@link
 * Workloads}) on the interpreter and on generated code, and the matmul kernel on the workloads'
 * products. Prints one record per line:
 *
 * <pre>
 * java-info key=value ...
 * java-peak gflops=83.06 how=2_cores_x_2596_MHz_x_16_DP_FLOP/cycle(AVX2_FMA:2x4x2)
 * java-check deep compiled cost=0.6844608432110364
 * java deep compiled median_ms=4.1234 min_ms=4.0012 runs=712 alloc_bytes_per_step=0
 * java-kernel forward_W1_X m=20 n=209 k=12288 median_ms=1.8 gflops=57.1 peak_pct=68.7 ...
 * </pre>
 *
 * Usage: {@code java [--add-modules jdk.incubator.vector] -jar gradgraph-benchmarks.jar
 * [--workloads logistic,shallow,deep,deep_adam] [--executors compiled,interpreter] [--seconds 3]
 * [--warmup 2] [--no-kernels] [--peak-gflops X]}
 */
public final class Compare {

    private Compare() {
    }

    public static void main(String[] args) {
        List<String> workloads = Workloads.NAMES;
        List<String> executors = List.of("compiled", "interpreter");
        double seconds = 3;
        double warmup = 2;
        boolean kernels = true;
        double peakOverride = Double.NaN;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--workloads" -> workloads = split(value(args, ++i, arg));
                case "--executors" -> executors = split(value(args, ++i, arg));
                case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, arg));
                case "--warmup" -> warmup = Double.parseDouble(value(args, ++i, arg));
                case "--no-kernels" -> kernels = false;
                case "--peak-gflops" -> peakOverride = Double.parseDouble(value(args, ++i, arg));
                case "-h", "--help" -> {
                    System.out.println("usage: Compare [--workloads " + String.join(",", Workloads.NAMES)
                            + "] [--executors compiled,interpreter] [--seconds S] [--warmup S] [--no-kernels]"
                            + " [--peak-gflops X]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "' (try --help)");
            }
        }
        for (String w : workloads) {
            if (!Workloads.NAMES.contains(w)) {
                throw new IllegalArgumentException("unknown workload '" + w + "'; known: " + Workloads.NAMES);
            }
        }
        for (String e : executors) {
            Workloads.backend(e); // fails early on an unknown executor or a missing graph-codegen
        }

        KernelProbe.Peak peak = Double.isNaN(peakOverride) ? KernelProbe.peak()
                : new KernelProbe.Peak(peakOverride, "given_by_--peak-gflops");
        printInfo();
        System.out.printf(Locale.ROOT, "java-peak gflops=%.2f how=%s%n", peak.gflops(), peak.how());

        for (String name : workloads) {
            for (String executor : executors) {
                Workload w = Workloads.create(name, Workloads.backend(executor));
                for (int i = 0; i < Workloads.checkUnits(name); i++) {
                    w.run();
                }
                System.out.println("java-check " + name + " " + executor + " cost=" + w.cost());
                Timing.Result r = Timing.measure(w::run, warmup, seconds, 5);
                // an epoch of deep_adam is 4 optimizer steps; allocation is reported per step
                System.out.printf(Locale.ROOT, "java %s %s median_ms=%.4f min_ms=%.4f runs=%d alloc_bytes_per_step=%.0f%n",
                        name, executor, r.median(), r.min(), r.count(), r.allocatedBytesPerCall() / w.stepsPerRun());
                System.out.flush();
            }
        }
        if (kernels) {
            KernelProbe.run(Math.min(1.0, seconds), Math.min(2.0, warmup), peak);
        }
    }

    private static void printInfo() {
        List<String> flags = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.println("java-info java=" + System.getProperty("java.version")
                + " vm=" + System.getProperty("java.vm.name").replace(' ', '_')
                + " vendor=" + System.getProperty("java.vendor").replace(' ', '_')
                + " flags=" + (flags.isEmpty() ? "none" : String.join(",", flags).replace(' ', '_'))
                + " matmul=" + MatMul.implementation().replace(' ', '_')
                + " cpus=" + Runtime.getRuntime().availableProcessors()
                + " vector_module=" + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
