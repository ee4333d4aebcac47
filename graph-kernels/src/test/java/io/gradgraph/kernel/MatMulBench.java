package io.gradgraph.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput benchmark for {@link MatMul} (not a test; run by hand):
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp graph-kernels/target/classes:graph-kernels/target/test-classes \
 *      io.gradgraph.kernel.MatMulBench [seconds-per-case]
 * </pre>
 * Shapes are those of a 12288-20-7-5-1 network on 209 examples (the first layer's forward product
 * and backprop products, dW1 = dZ1·Xᵀ and dX = W1ᵀ·dZ1, and the second layer's), a 512³ square for
 * reference, and those of a tiny 2-4-1 "planar" network on 400 points.
 * Each shape runs through the naive loops and the blocked engines (scalar, vector when the module
 * is present) on 1 and 2 threads via the AUTO path (so small shapes stay naive and single-threaded
 * where AUTO would), then through the public entry point. Reported: the median and the best time
 * per call over a sampling window, and GFLOP/s (2·m·n·k per call) for both. On a shared machine the
 * best time is the more repeatable number.
 */
public final class MatMulBench {

    private MatMulBench() {
    }

    private record Shape(String name, int m, int n, int k, boolean transA, boolean transB) {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        System.out.println("java " + System.getProperty("java.version") + ", MatMul.implementation() = "
                + MatMul.implementation());
        List<Shape> shapes = List.of(
                new Shape("Z1 = W1·X         (20x12288)(12288x209)", 20, 209, 12288, false, false),
                new Shape("dW1 = dZ1·Xᵀ      (20x209)(209x12288) tB", 20, 12288, 209, false, true),
                new Shape("dX = W1ᵀ·dZ1      (12288x20)(20x209) tA", 12288, 209, 20, true, false),
                new Shape("square 512        (512x512)(512x512)", 512, 512, 512, false, false),
                new Shape("Z2 = W2·A1        (7x20)(20x209)", 7, 209, 20, false, false),
                new Shape("dW2 = dZ2·A1ᵀ     (7x209)(209x20) tB", 7, 20, 209, false, true),
                new Shape("dA1 = W2ᵀ·dZ2     (20x7)(7x209) tA", 20, 209, 7, true, false),
                new Shape("planar Z1 = W1·X  (4x2)(2x400)", 4, 400, 2, false, false),
                new Shape("planar Z2 = W2·A1 (1x4)(4x400)", 1, 400, 4, false, false),
                new Shape("planar dW1=dZ1·Xᵀ (4x400)(400x2) tB", 4, 2, 400, false, true),
                new Shape("planar dA1=W2ᵀdZ2 (4x1)(1x400) tA", 4, 400, 1, true, false));
        List<Engine> engines = new ArrayList<>();
        engines.add(MatMul.scalarEngine());
        if (MatMul.vectorEngine() != null) {
            engines.add(MatMul.vectorEngine());
        }
        Random rnd = new Random(42);
        System.out.printf(Locale.ROOT, "%-42s %-26s %3s %12s %12s %9s %9s%n", "shape", "engine/path", "thr",
                "median us", "best us", "GF/s med", "GF/s best");
        for (Shape s : shapes) {
            double[] a = random(rnd, s.m * s.k);
            double[] b = random(rnd, s.k * s.n);
            double[] c = new double[s.m * s.n];
            double flops = 2.0 * s.m * s.n * s.k;
            boolean big = flops > 1e7;
            if (!big || seconds >= 1.0) {
                report(s, "naive", 1, flops, time(seconds, () -> MatMul.run(MatMul.Path.NAIVE, MatMul.defaultEngine(), 1,
                        s.m, s.n, s.k, a, 0, s.transA, b, 0, s.transB, c, 0, false)));
            }
            for (Engine e : engines) {
                for (int threads = 1; threads <= 2; threads++) {
                    int t = threads;
                    report(s, e.name() + (big ? "" : " auto"), t, flops, time(seconds, () -> MatMul.run(MatMul.Path.AUTO, e, t,
                            s.m, s.n, s.k, a, 0, s.transA, b, 0, s.transB, c, 0, false)));
                }
            }
            report(s, "MatMul.multiply (default)", MatMul.defaultThreads(), flops, time(seconds,
                    () -> MatMul.multiply(s.m, s.n, s.k, a, 0, s.transA, b, 0, s.transB, c, 0, false)));
        }
    }

    private static void report(Shape s, String what, int threads, double flops, double[] nanos) {
        System.out.printf(Locale.ROOT, "%-42s %-26s %3d %12.2f %12.2f %9.2f %9.2f%n", s.name, what, threads,
                nanos[0] / 1e3, nanos[1] / 1e3, flops / nanos[0], flops / nanos[1]);
    }

    /** {median, best} nanoseconds per call, sampled for about {@code seconds} after a warm-up as long. */
    private static double[] time(double seconds, Runnable r) {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        while (System.nanoTime() - start < budget) {
            r.run();
        }
        List<Double> samples = new ArrayList<>();
        start = System.nanoTime();
        while (System.nanoTime() - start < budget || samples.size() < 5) {
            int reps = 1;
            long t0 = System.nanoTime();
            long t1;
            while (true) {
                for (int i = 0; i < reps; i++) {
                    r.run();
                }
                t1 = System.nanoTime();
                if (t1 - t0 > 200_000 || reps > 1 << 20) {
                    break;
                }
                reps *= 2;
                t0 = System.nanoTime();
            }
            samples.add((double) (t1 - t0) / reps);
        }
        double[] x = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(x);
        return new double[] {x[x.length / 2], x[0]};
    }

    private static double[] random(Random rnd, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextGaussian();
        }
        return x;
    }
}
