package io.gradgraph.benchmarks;

import io.gradgraph.kernel.MatMul;
import io.gradgraph.nn.NumpyRandom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * GFLOP/s of the matmul kernel ({@link MatMul#multiply}) on the products the course's workloads
 * spend their time in, and the machine's double-precision peak to compare them with.
 */
final class KernelProbe {

    /** One product {@code C(m×n) = op(A)·op(B)} with its inner size k. */
    record Product(String name, int m, int n, int k, boolean transA, boolean transB, String note) {
        double flops() {
            return 2.0 * m * n * k;
        }
    }

    /** The L-layer network's big products, then logistic regression's two matrix-vector products. */
    static final List<Product> PRODUCTS = List.of(
            new Product("forward_W1_X", 20, 209, 12288, false, false, "Z1 = W1·X"),
            new Product("backward_dZ1_XT", 20, 12288, 209, false, true, "dW1 = dZ1·Xᵀ (before 1/m)"),
            new Product("backward_W1T_dZ1", 12288, 209, 20, true, false, "dA0 = W1ᵀ·dZ1: NumPy only"),
            new Product("logistic_wT_X", 1, 209, 12288, true, false, "Z = wᵀ·X (memory-bound)"),
            new Product("logistic_X_dZT", 12288, 1, 209, false, true, "dw = X·dZᵀ (memory-bound)"));

    /** Peak DP GFLOP/s and how it was computed. */
    record Peak(double gflops, String how) {
    }

    private KernelProbe() {
    }

    /**
     * cores × clock × DP FLOP per cycle, with the clock from /proc/cpuinfo ({@code cpu MHz}) and 32
     * FLOP/cycle when the CPU has AVX-512 (two 512-bit FMA pipes: 2 × 8 doubles × 2, as on Xeon Gold
     * and Platinum; a part with one pipe has half), 16 with AVX2 and FMA (two 256-bit pipes), 8 with
     * AVX only, 4 otherwise; pass {@code --peak-gflops} to override.
     */
    static Peak peak() {
        int cores = Runtime.getRuntime().availableProcessors();
        double mhz = Double.NaN;
        boolean avx2 = false;
        boolean fma = false;
        boolean avx = false;
        boolean avx512 = false;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("cpu MHz") && Double.isNaN(mhz)) {
                    mhz = Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("flags")) {
                    List<String> flags = List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                    avx2 = flags.contains("avx2");
                    fma = flags.contains("fma");
                    avx = flags.contains("avx");
                    avx512 = flags.contains("avx512f");
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Peak(Double.NaN, "unknown (no /proc/cpuinfo; pass --peak-gflops)");
        }
        int perCycle = avx512 && fma ? 32 : avx2 && fma ? 16 : avx ? 8 : 4;
        double gflops = cores * mhz / 1000 * perCycle;
        return new Peak(gflops, String.format(Locale.ROOT, "%d_cores_x_%.0f_MHz_x_%d_DP_FLOP/cycle%s",
                cores, mhz, perCycle, avx512 && fma ? "(AVX-512_FMA:2x8x2)" : avx2 && fma ? "(AVX2_FMA:2x4x2)" : ""));
    }

    /**
     * Times each product (after {@code warmup} seconds of calls: a fresh JVM needs them to compile
     * the vector kernels) and prints one {@code java-kernel} line per product.
     */
    static void run(double seconds, double warmup, Peak peak) {
        NumpyRandom rng = new NumpyRandom(5);
        for (Product p : PRODUCTS) {
            double[] a = rng.randn(p.m() * p.k());
            double[] b = rng.randn(p.k() * p.n());
            double[] c = new double[p.m() * p.n()];
            Timing.Result r = Timing.measure(() -> MatMul.multiply(p.m(), p.n(), p.k(), a, 0, p.transA(), b, 0,
                    p.transB(), c, 0, false), warmup, seconds, 5);
            double gflops = p.flops() / r.median() / 1e6;
            // bytes of A and B read once: what bounds the thin products
            double gbps = 8.0 * ((double) p.m() * p.k() + (double) p.k() * p.n()) / r.median() / 1e6;
            System.out.printf(Locale.ROOT,
                    "java-kernel %s m=%d n=%d k=%d median_ms=%.4f gflops=%.2f peak_pct=%.1f read_gbps=%.1f alloc_bytes_per_call=%.0f%n",
                    p.name(), p.m(), p.n(), p.k(), r.median(), gflops, 100 * gflops / peak.gflops(), gbps,
                    r.allocatedBytesPerCall());
        }
    }
}
