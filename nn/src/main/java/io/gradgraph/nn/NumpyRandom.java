package io.gradgraph.nn;

import org.ejml.data.DMatrixRMaj;

/**
 * A port of numpy's legacy random generator, {@code np.random.RandomState} (what {@code
 * np.random.seed(s)} followed by {@code np.random.rand}, {@code randn}, {@code random_sample},
 * {@code permutation} and {@code shuffle} use), so that Java code reproduces the course notebooks'
 * random initialisations and shuffles bit for bit (with one rare exception for normal deviates,
 * described below).
 *
 * <p>It is a 32-bit Mersenne Twister (MT19937) seeded like numpy's legacy integer seeding ({@code
 * init_genrand}). Uniform doubles take 53 bits from two 32-bit outputs ({@code (a >>> 5) * 2^26 +
 * (b >>> 6)}) divided by 2<sup>53</sup>; normal deviates use the legacy polar Box–Muller method,
 * which produces two values at a time and caches the second one for the next normal draw. As in
 * numpy, that cache survives uniform draws made in between and is cleared only by {@link
 * #seed(long)}; permutations and shuffles use numpy's legacy rejection-sampled bounded integers.
 *
 * <pre>{@code
 * NumpyRandom rng = new NumpyRandom(1);          // np.random.seed(1)
 * DMatrixRMaj w = rng.randn(4, 2);               // np.random.randn(4, 2), filled row by row
 * CommonOps_DDRM.scale(0.01, w);                 // * 0.01
 * int[] order = rng.permutation(400);            // np.random.permutation(400)
 * }</pre>
 *
 * <p>Uniform deviates, permutations and shuffles are bit-exact. Normal deviates are bit-exact
 * except in rare draws: numpy's {@code legacy_gauss} takes the C library's {@code log}, and
 * glibc's is not correctly rounded for about 0.08% of arguments, whereas {@link Math#log} (used
 * here; on x86-64 HotSpot an intrinsic that is almost always correctly rounded) picks the nearest
 * double. Against numpy 2.4.6 on glibc 2.36 that left 29 to 44 draws in 100,000 (seeds 0, 1, 2, 3
 * and 10) differing by 1 to 3 units in the last place, the first of them past draw 600; {@link
 * StrictMath#log} would differ in about 3% of draws. The shared test vectors and the 800 normal
 * deviates behind the course's planar data set agree exactly.
 *
 * <p>Instances are not thread-safe.
 */
public final class NumpyRandom {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;
    /** The largest seed numpy's legacy integer seeding accepts, 2<sup>32</sup> - 1. */
    public static final long MAX_SEED = 0xffffffffL;

    private final int[] mt = new int[N];
    private int pos;
    private boolean hasGauss;
    private double gauss;

    /**
     * Creates a generator in the state {@code np.random.seed(seed)} leaves numpy's global
     * generator in (equivalently {@code np.random.RandomState(seed)}).
     *
     * @param seed a seed in [0, 2<sup>32</sup> - 1], the range numpy accepts
     * @throws IllegalArgumentException if the seed is outside that range
     */
    public NumpyRandom(long seed) {
        seed(seed);
    }

    /** Returns {@code seed} if numpy would accept it, otherwise throws naming it. */
    static long checkSeed(long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException(
                    "seed must be between 0 and 2**32 - 1 (" + MAX_SEED + ") like numpy's, but was " + seed);
        }
        return seed;
    }

    /**
     * Re-seeds this generator, exactly like {@code np.random.seed(seed)}: the Mersenne Twister
     * state is rebuilt and any cached normal deviate is discarded.
     *
     * @param seed a seed in [0, 2<sup>32</sup> - 1]
     * @throws IllegalArgumentException if the seed is outside that range
     */
    public void seed(long seed) {
        int s = (int) checkSeed(seed);
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        pos = N;
        hasGauss = false;
        gauss = 0.0;
    }

    /** The next raw 32-bit Mersenne Twister output, as an int holding the unsigned bits. */
    int nextInt32() {
        if (pos == N) {
            twist();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        int kk = 0;
        for (; kk < N - M; kk++) {
            int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
            mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        for (; kk < N - 1; kk++) {
            int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
            mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
        mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        pos = 0;
    }

    /**
     * One uniform double in [0, 1), like {@code np.random.rand()} and {@code
     * np.random.random_sample()}: 53 random bits, consuming two 32-bit outputs.
     *
     * @return the next uniform deviate
     */
    public double rand() {
        int a = nextInt32() >>> 5;
        int b = nextInt32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /**
     * The same as {@link #rand()}, under numpy's other name for it.
     *
     * @return the next uniform deviate in [0, 1)
     */
    public double randomSample() {
        return rand();
    }

    /**
     * {@code n} uniform doubles in [0, 1), like {@code np.random.rand(n)}.
     *
     * @param n how many, at least 0
     * @return a new array of {@code n} deviates in draw order
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public double[] rand(int n) {
        requireCount("rand", n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = rand();
        }
        return out;
    }

    /**
     * A {@code rows}×{@code cols} matrix of uniform doubles in [0, 1), like {@code
     * np.random.rand(rows, cols)}: filled in row-major (C) order.
     *
     * @param rows number of rows, at least 0
     * @param cols number of columns, at least 0
     * @return a new matrix
     * @throws IllegalArgumentException if a dimension is negative or the size exceeds an array's
     */
    public DMatrixRMaj rand(int rows, int cols) {
        int n = matrixSize("rand", rows, cols);
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        double[] data = m.data;
        for (int i = 0; i < n; i++) {
            data[i] = rand();
        }
        return m;
    }

    /**
     * One standard normal deviate, like {@code np.random.randn()}: legacy polar Box–Muller. Every
     * second call returns the value cached by the call before it, without consuming random bits.
     *
     * @return the next standard normal deviate
     */
    public double randn() {
        if (hasGauss) {
            double cached = gauss;
            hasGauss = false;
            gauss = 0.0;
            return cached;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * rand() - 1.0;
            x2 = 2.0 * rand() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /**
     * {@code n} standard normal deviates, like {@code np.random.randn(n)}.
     *
     * @param n how many, at least 0
     * @return a new array of {@code n} deviates in draw order
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public double[] randn(int n) {
        requireCount("randn", n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = randn();
        }
        return out;
    }

    /**
     * A {@code rows}×{@code cols} matrix of standard normal deviates, like {@code
     * np.random.randn(rows, cols)}: filled in row-major (C) order.
     *
     * @param rows number of rows, at least 0
     * @param cols number of columns, at least 0
     * @return a new matrix
     * @throws IllegalArgumentException if a dimension is negative or the size exceeds an array's
     */
    public DMatrixRMaj randn(int rows, int cols) {
        int n = matrixSize("randn", rows, cols);
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        double[] data = m.data;
        for (int i = 0; i < n; i++) {
            data[i] = randn();
        }
        return m;
    }

    /**
     * A random permutation of {@code 0 .. n-1}, like {@code np.random.permutation(n)}: {@code
     * np.arange(n)} shuffled by {@link #shuffle(int[])}.
     *
     * @param n the number of elements, at least 0 (numpy returns an empty array for negative
     *     {@code n}; this port rejects it)
     * @return a new array holding each of {@code 0 .. n-1} once
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public int[] permutation(int n) {
        requireCount("permutation", n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        shuffle(out);
        return out;
    }

    /**
     * Shuffles the array in place, like {@code np.random.shuffle} on a 1-D array: a Fisher–Yates
     * shuffle from the last element down, with each swap partner drawn by numpy's legacy masked
     * rejection sampling.
     *
     * @param values the array to shuffle
     */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = randomInterval(i);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /**
     * numpy's legacy {@code random_interval(max)}: a uniform integer in [0, max], drawn by masking
     * 32-bit outputs to the smallest covering power of two minus one and rejecting values above
     * {@code max}.
     */
    int randomInterval(int max) {
        if (max == 0) {
            return 0;
        }
        int mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        int value;
        do {
            value = nextInt32() & mask;
        } while (value > max);
        return value;
    }

    private static void requireCount(String what, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(what + ": size must be non-negative, but was " + n);
        }
    }

    private static int matrixSize(String what, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(
                    what + ": dimensions must be non-negative, but were (" + rows + ", " + cols + ")");
        }
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    what + ": (" + rows + ", " + cols + ") has " + n + " elements, too many for one array");
        }
        return (int) n;
    }
}
