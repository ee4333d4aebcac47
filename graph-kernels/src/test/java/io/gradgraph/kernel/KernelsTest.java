package io.gradgraph.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels}: chosen once, the Vector-API implementation exactly when the module is present
 * (this class also runs in the kernel-vector surefire run), and the static entry points use it.
 */
class KernelsTest {

    @Test
    void chosenOnceAndByTheModule() {
        assertSame(Kernels.get(), Kernels.get());
        assertFalse(Kernels.plainJava().usesVectorApi());
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean scalar = "scalar".equals(System.getProperty("gradgraph.matmul"));
        assertEquals(module && !scalar, Kernels.get().usesVectorApi(), Kernels.get().name());
        assertEquals(Kernels.get().usesVectorApi(), MatMul.usesVectorApi());
        assertEquals(Kernels.get().name(), MatMul.implementation());
        assertEquals(Kernels.get().arrayImplementation(), PortableMath.arrayImplementation());
        assertTrue(Kernels.plainJava().name().startsWith("scalar, "), Kernels.plainJava().name());
    }

    @Test
    void bothImplementationsMultiplyAndAgreeWithTheStaticEntryPoint() {
        SplittableRandom random = new SplittableRandom(7);
        int m = 37, n = 29, k = 300; // blocked path: the engines may differ by rounding (FMA)
        double[] a = random.doubles(m * k, -1, 1).toArray();
        double[] b = random.doubles(k * n, -1, 1).toArray();
        double[] viaStatic = new double[m * n];
        double[] viaChosen = new double[m * n];
        double[] viaPlain = new double[m * n];
        MatMul.multiply(m, n, k, a, 0, false, b, 0, false, viaStatic, 0, false);
        Kernels.get().multiply(m, n, k, a, 0, false, b, 0, false, viaChosen, 0, false);
        Kernels.plainJava().multiply(m, n, k, a, 0, false, b, 0, false, viaPlain, 0, false);
        assertArrayEquals(viaStatic, viaChosen);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0;
                double bound = 0;
                for (int p = 0; p < k; p++) {
                    exact += a[i * k + p] * b[p * n + j];
                    bound += Math.abs(a[i * k + p] * b[p * n + j]);
                }
                assertEquals(exact, viaPlain[i * n + j], 1e-12 * bound);
                assertEquals(exact, viaChosen[i * n + j], 1e-12 * bound);
            }
        }
    }

    @Test
    void arrayFunctionsGiveTheScalarBitsAndCheckRanges() {
        double[] x = new SplittableRandom(3).doubles(300, -5, 5).toArray();
        for (Kernels kernels : new Kernels[] {Kernels.get(), Kernels.plainJava()}) {
            double[] t = x.clone();
            kernels.tanh(t, 0, t.length);
            double[] e = x.clone();
            kernels.exp(e, 0, e.length);
            double[] l = x.clone();
            for (int i = 0; i < l.length; i++) {
                l[i] = Math.abs(l[i]);
            }
            double[] lIn = l.clone();
            kernels.log1p(l, 0, l.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(PortableMath.tanh(x[i]), t[i]);
                assertEquals(PortableMath.exp(x[i]), e[i]);
                assertEquals(PortableMath.log1p(lIn[i]), l[i]);
            }
            assertThrows(IndexOutOfBoundsException.class, () -> kernels.tanh(x, 299, 2));
        }
    }
}
