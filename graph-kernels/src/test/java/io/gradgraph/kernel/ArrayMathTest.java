package io.gradgraph.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link PortableMath}'s array functions: with the Vector API ({@link VectorMath}, tested on every
 * JDK in graph-kernels' {@code kernel-vector} surefire run, which adds {@code jdk.incubator.vector})
 * every lane gives the scalar method's bits, on random arguments of every magnitude and on each
 * branch's thresholds and special values placed in every lane position; and the implementation in
 * use allocates nothing.
 */
class ArrayMathTest {

    /** Whether {@link VectorMath} can be loaded (its lanes are tested on every JDK). */
    private static final boolean VECTOR = MatMul.usesVectorApi();

    /** Each branch's bounds (and ±1 ulp around them), special values, subnormals. */
    private static final double[] EDGES = {
        0.0, 0.25, 0x1p-27, 19.1, 22.0, 708.0, 709.78, 710.0, 745.13, 746.0, 0x1p-8, 0x1p-54, 1.0, 0.5,
        0x1p-1022, Double.MIN_VALUE, 0x1p-1074 * 12345, Double.MAX_VALUE, 1e-300, 1e300, 2.0, 0.3465735902799726,
    };

    @Test
    void implementationFollowsTheKernel() {
        String name = PortableMath.arrayImplementation();
        boolean expected = VECTOR && Runtime.version().feature() >= 25;
        assertEquals(expected, name.startsWith("vector("), name + " with MatMul " + MatMul.implementation());
        assertEquals(expected, KernelProvider.CHOSEN.arrayMath instanceof VectorMath, name);
    }

    @Test
    void tanhLanesAreTheScalarBits() {
        assertLanesExact("tanh", PortableMath::tanh, (a, from, to) -> vectorMath().tanh(a, from, to));
    }

    @Test
    void expLanesAreTheScalarBits() {
        assertLanesExact("exp", PortableMath::exp, (a, from, to) -> vectorMath().exp(a, from, to));
    }

    @Test
    void log1pLanesAreTheScalarBits() {
        assertLanesExact("log1p", PortableMath::log1p, (a, from, to) -> vectorMath().log1p(a, from, to));
    }

    @Test
    void rangesAreChecked() {
        double[] a = new double[10];
        assertThrows(IndexOutOfBoundsException.class, () -> PortableMath.tanh(a, 5, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> PortableMath.exp(a, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> PortableMath.log1p(a, 0, -1));
        PortableMath.tanh(a, 10, 0); // empty
    }

    /**
     * Once compiled, the array functions allocate nothing: C2 boxes a vector it cannot keep in
     * registers, so this catches vector code that escapes (up to 40 windows of 50 calls to compile).
     */
    @Test
    void allocateNothingOnceCompiled() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx
                && mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        double[] x = arguments(new SplittableRandom(3), 1000);
        double[] a = new double[x.length];
        Runnable[] calls = {
            () -> copyThen(x, a, () -> PortableMath.tanh(a, 1, 999)),
            () -> copyThen(x, a, () -> PortableMath.exp(a, 0, 1000)),
            () -> copyThen(x, a, () -> PortableMath.log1p(a, 3, 600)),
        };
        for (int call = 0; call < calls.length; call++) {
            long least = io.gradgraph.kernel.Reference.leastAllocation(calls[call], 40);
            assertTrue(least < 1024, "call " + call + " (" + PortableMath.arrayImplementation()
                    + ") still allocates " + least + " bytes per 50 calls");
        }
    }

    private interface ArrayFunction {
        void apply(double[] values, int from, int to);
    }

    /** VectorMath itself, whichever implementation this JDK's PortableMath uses. */
    private static ArrayMath vectorMath() {
        return KernelProvider.CHOSEN.arrayMath instanceof VectorMath ? KernelProvider.CHOSEN.arrayMath : new VectorMath();
    }

    /** The array function against the scalar one, bit for bit, over many ranges of a shuffled mix. */
    private static void assertLanesExact(String name, DoubleUnaryOperator scalar, ArrayFunction array) {
        assumeTrue(VECTOR, "no Vector API here; the kernel-vector run checks the lanes");
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        int checked = 0;
        for (int round = 0; round < 40; round++) {
            double[] x = arguments(rnd, 4096);
            double[] a = x.clone();
            int offset = rnd.nextInt(9);
            int length = round % 4 == 0 ? rnd.nextInt(12) : x.length - offset - rnd.nextInt(9);
            array.apply(a, offset, offset + length);
            for (int i = 0; i < a.length; i++) {
                double expected = i >= offset && i < offset + length ? scalar.applyAsDouble(x[i]) : x[i];
                if (!(Double.doubleToRawLongBits(expected) == Double.doubleToRawLongBits(a[i])
                        || Double.isNaN(expected) && Double.isNaN(a[i]))) {
                    throw new AssertionError(name + "(" + x[i] + " = 0x" + Long.toHexString(Double.doubleToRawLongBits(x[i]))
                            + ") at index " + i + " of [" + offset + ", " + (offset + length) + "): scalar "
                            + expected + ", array " + a[i]);
                }
            }
            checked += length;
        }
        assertTrue(checked > 100_000, "checked " + checked);
    }

    /**
     * A shuffled mix: uniform on the ranges the networks use, every magnitude (random exponent and
     * sign), random bit patterns (NaNs, infinities, subnormals included), the edges and ±1 ulp
     * around each, −1 and its neighbours, ±0, ±∞, NaN.
     */
    private static double[] arguments(SplittableRandom rnd, int n) {
        List<Double> special = new ArrayList<>();
        for (double e : EDGES) {
            for (double v : new double[] {e, Math.nextUp(e), Math.nextDown(e)}) {
                special.add(v);
                special.add(-v);
                special.add(v - 1.0);
            }
        }
        special.add(-1.0);
        special.add(Double.POSITIVE_INFINITY);
        special.add(Double.NEGATIVE_INFINITY);
        special.add(Double.NaN);
        special.add(Double.longBitsToDouble(0xfff0_0000_0000_1234L)); // a NaN with a payload
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (rnd.nextInt(8)) {
                case 0 -> rnd.nextDouble(-1, 1);
                case 1 -> rnd.nextDouble(-0.3, 0.3);
                case 2 -> rnd.nextDouble(-30, 30);
                case 3 -> rnd.nextDouble(-800, 800);
                case 4 -> (rnd.nextBoolean() ? 1 : -1) * Math.scalb(1 + rnd.nextDouble(), rnd.nextInt(-1080, 1024));
                case 5 -> Double.longBitsToDouble(rnd.nextLong());
                case 6 -> rnd.nextDouble(-1, 0); // log1p's argument range
                default -> special.get(rnd.nextInt(special.size()));
            };
        }
        for (int i = 0; i < special.size() && i < n; i++) { // every edge at least once
            x[rnd.nextInt(n)] = special.get(i);
        }
        return x;
    }

    private static void copyThen(double[] from, double[] to, Runnable then) {
        System.arraycopy(from, 0, to, 0, from.length);
        then.run();
    }
}
