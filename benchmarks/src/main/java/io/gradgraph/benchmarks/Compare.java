package io.gradgraph.benchmarks;

import io.gradgraph.kernel.MatMul;
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
 * java-peak gflops=166.14 how=2_cores_x_2596_MHz_x_32_DP_FLOP/cycle(AVX-512_FMA:2x8x2)
 * java-check deep compiled cost=0.6844608432110364
 * java deep compiled median_ms=4.1234 min_ms=4.0012 runs=712 alloc_bytes_per_step=0
 * java-kernel forward_W1_X m=20 n=209 k=12288 median_ms=1.8 gflops=57.1 peak_pct=68.7 ...
 * </pre>
 *
 * With {@code --numpy numpy_workloads.py} (what compare.sh passes) it also runs the course-style
 * NumPy steps, in a {@code python3 numpy_workloads.py --serve} process beside it, and times the two
 * sides in alternating slices ({@code --slices}, default 6, each a {@code seconds/slices} share of
 * the measured time): the NumPy and GradGraph medians of a workload then come from the same
 * seconds of the machine, so a shared machine's drift moves both. The NumPy records
 * ({@code numpy-info}, {@code numpy-check}, {@code numpy}) are copied to the output as the script
 * prints them; NumPy's times of a workload are pooled over the slices of both executors.
 *
 * <p>Usage: {@code java [--add-modules jdk.incubator.vector] -jar gradgraph-benchmarks.jar
 * [--workloads logistic,shallow,deep,deep_adam] [--executors compiled,interpreter] [--seconds 3]
 * [--warmup 2] [--no-kernels] [--peak-gflops X] [--numpy path/to/numpy_workloads.py]
 * [--python python3] [--slices 6]}
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
        String numpyScript = null;
        String python = "python3";
        int slices = 6;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--workloads" -> workloads = split(value(args, ++i, arg));
                case "--executors" -> executors = split(value(args, ++i, arg));
                case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, arg));
                case "--warmup" -> warmup = Double.parseDouble(value(args, ++i, arg));
                case "--no-kernels" -> kernels = false;
                case "--peak-gflops" -> peakOverride = Double.parseDouble(value(args, ++i, arg));
                case "--numpy" -> numpyScript = value(args, ++i, arg);
                case "--python" -> python = value(args, ++i, arg);
                case "--slices" -> slices = Integer.parseInt(value(args, ++i, arg));
                case "-h", "--help" -> {
                    System.out.println("usage: Compare [--workloads " + String.join(",", Workloads.NAMES)
                            + "] [--executors compiled,interpreter] [--seconds S] [--warmup S] [--no-kernels]"
                            + " [--peak-gflops X] [--numpy numpy_workloads.py] [--python python3] [--slices N]");
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

        if (slices < 1) {
            throw new IllegalArgumentException("--slices must be at least 1, got " + slices);
        }
        NumpyServer numpy = numpyScript == null ? null : new NumpyServer(python, numpyScript, System.out);
        try {
            for (String name : workloads) {
                measure(name, executors, warmup, seconds, numpy == null ? 1 : slices, numpy);
            }
        } finally {
            if (numpy != null) {
                numpy.close();
            }
        }
        if (kernels) {
            KernelProbe.run(Math.min(1.0, seconds), Math.min(2.0, warmup), peak);
        }
    }

    /**
     * One workload on each executor: check records, warm-up, then {@code slices} timed slices per
     * executor, alternating with NumPy's when {@code numpy} is given (who goes first alternates too).
     */
    private static void measure(String name, List<String> executors, double warmup, double seconds, int slices,
                                NumpyServer numpy) {
        if (numpy != null) {
            numpy.check(name);
            numpy.warmUp(name, Math.min(1.0, warmup));
        }
        for (String executor : executors) {
            Workload w = Workloads.create(name, Workloads.backend(executor));
            for (int i = 0; i < Workloads.checkUnits(name); i++) {
                w.run();
            }
            System.out.println("java-check " + name + " " + executor + " cost=" + w.cost());
            Timing.warmUp(w::run, warmup);
            Timing.Series series = new Timing.Series();
            double slice = seconds / slices;
            for (int s = 0; s < slices; s++) {
                if (numpy != null && s % 2 == 1) {
                    numpy.time(name, slice);
                }
                if (numpy != null) {
                    settle();
                }
                series.time(w::run, slice, (5 + slices - 1) / slices);
                if (numpy != null && s % 2 == 0) {
                    numpy.time(name, slice);
                }
            }
            Timing.Result r = series.result();
            // an epoch of deep_adam is 4 optimizer steps; allocation is reported per step
            System.out.printf(Locale.ROOT, "java %s %s median_ms=%.4f min_ms=%.4f runs=%d alloc_bytes_per_step=%.0f%n",
                    name, executor, r.median(), r.min(), r.count(), r.allocatedBytesPerCall() / w.stepsPerRun());
            System.out.flush();
        }
        if (numpy != null) {
            numpy.report(name);
        }
    }

    /**
     * Waits until OpenBLAS's worker threads have gone to sleep: after a product they spin for about
     * 2^28 cycles (0.1 s at 2.6 GHz) waiting for the next one, and would share the CPUs with our slice.
     */
    private static void settle() {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
