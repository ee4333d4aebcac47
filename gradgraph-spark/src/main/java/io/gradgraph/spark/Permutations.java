package io.gradgraph.spark;

import io.gradgraph.nn.NumpyRandom;

/**
 * The inverse of an epoch's shuffle, {@code np.random.seed(seed); np.random.permutation(m)}, drawn
 * where it is needed (on each executor, once per epoch) instead of being shipped: example index →
 * position in the shuffled order. Keeps the last one per JVM.
 */
final class Permutations {
    private static long lastSeed = -1;
    private static int lastSize = -1;
    private static int[] last;

    private Permutations() {
    }

    static synchronized int[] inverse(long seed, int m) {
        if (seed != lastSeed || m != lastSize) {
            int[] order = new NumpyRandom(seed).permutation(m);
            int[] inverse = new int[m];
            for (int position = 0; position < m; position++) {
                inverse[order[position]] = position;
            }
            last = inverse;
            lastSeed = seed;
            lastSize = m;
        }
        return last;
    }
}
