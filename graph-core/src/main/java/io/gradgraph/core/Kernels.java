package io.gradgraph.core;

/** The interpreter's bridge to the matrix-multiply kernel. */
final class Kernels {
    private Kernels() {
    }

    /** C(m×n) = A(m×k)·B(k×n), row-major, accumulating over k in increasing order. */
    static void matmul(int m, int n, int k, double[] a, double[] b, double[] c) {
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            java.util.Arrays.fill(c, ci, ci + n, 0.0);
            for (int p = 0; p < k; p++) {
                double aip = a[i * k + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }
}
