package io.gradgraph.kernel;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Random shapes (ragged edges included) through every path and engine, against the naive loop. */
class MatMulProperties {

    @Property(tries = 150, seed = "20250611")
    void everyPathMatchesTheNaiveTripleLoop(@ForAll @IntRange(min = 1, max = 70) int m,
                                           @ForAll @IntRange(min = 1, max = 70) int n,
                                           @ForAll @IntRange(min = 1, max = 70) int k,
                                           @ForAll boolean transA, @ForAll boolean transB, @ForAll boolean accumulate,
                                           @ForAll @IntRange(min = 0, max = 3) int aOff,
                                           @ForAll @IntRange(min = 0, max = 3) int bOff,
                                           @ForAll @IntRange(min = 0, max = 3) int cOff,
                                           @ForAll @IntRange(min = 1, max = 3) int threads,
                                           @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] a = Reference.random(rnd, aOff + m * k + rnd.nextInt(3));
        double[] b = Reference.random(rnd, bOff + k * n + rnd.nextInt(3));
        double[] c = Reference.random(rnd, cOff + m * n + rnd.nextInt(3));

        // public entry point; bit-exact whenever it takes the naive path
        double[] got = c.clone();
        MatMul.multiply(m, n, k, a, aOff, transA, b, bOff, transB, got, cOff, accumulate);
        boolean naive = MatMul.choosePath(m, n, k) == MatMul.Path.NAIVE;
        assertNull(Reference.mismatch(m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, accumulate, got, naive));

        got = c.clone();
        MatMul.run(MatMul.Path.NAIVE, MatMul.defaultEngine(), 1, m, n, k, a, aOff, transA, b, bOff, transB,
                got, cOff, accumulate);
        assertNull(Reference.mismatch(m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, accumulate, got, true));

        for (Engine e : Reference.engines()) {
            got = c.clone();
            MatMul.run(MatMul.Path.BLOCKED, e, threads, m, n, k, a, aOff, transA, b, bOff, transB,
                    got, cOff, accumulate);
            String err = Reference.mismatch(m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, accumulate, got, false);
            assertNull(err, () -> e.name() + " threads=" + threads + ": " + err);
        }
    }
}
