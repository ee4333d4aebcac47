package io.gradgraph.nn.data;

import io.gradgraph.nn.NumpyRandom;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

/**
 * The course's two-class "flower" data set: a port of {@code planar_utils.load_planar_dataset}
 * that reproduces numpy's values.
 *
 * <p>400 points in the plane, 200 per class, on the petals of the rose curve r = 4 sin(4t) with
 * noise: for class j ∈ {0, 1}, {@code t = linspace(3.12 j, 3.12 (j+1), 200) + 0.2 randn(200)}, {@code
 * r = 4 sin(4t) + 0.2 randn(200)}, and each point is (r sin t, r cos t). The result is {@code X}
 * (2, 400) and {@code Y} (1, 400): examples 0-199 have label 0 (red), 200-399 label 1 (blue).
 *
 * <pre>{@code
 * Dataset flower = PlanarDataset.load();   // np.random.seed(1); X, Y = load_planar_dataset()
 * DMatrixRMaj x = flower.x();              // 2×400
 * }</pre>
 *
 * <p>The noise comes from {@link NumpyRandom}, bit-exact here; sines and cosines use {@link
 * Math#sin} and {@link Math#cos}, which on x86-64 HotSpot round like the glibc functions numpy
 * calls far more often than {@link StrictMath}'s do. Against numpy 2.4.6 on glibc 2.36, 799 of the
 * 800 coordinates are bit-identical and one, x[1][396], is one unit in the last place apart
 * ({@code StrictMath} would leave 60 coordinates up to two units apart). The labels are exact.
 */
public final class PlanarDataset {
    /** Number of examples, {@code m} in the course. */
    static final int EXAMPLES = 400;
    /** Points per class, {@code N}. */
    static final int PER_CLASS = EXAMPLES / 2;
    /** The petals' maximum radius, {@code a}. */
    static final double MAX_RAY = 4;

    private PlanarDataset() {}

    /**
     * The data set exactly as the course builds it: {@code np.random.seed(1)} first.
     *
     * @return features (2, 400), labels (1, 400) and no class names
     */
    public static Dataset load() {
        return load(new NumpyRandom(1));
    }

    /**
     * The data set drawn from the given generator's current state, without reseeding it (the
     * course's function with its {@code np.random.seed(1)} line removed). Consumes 800 normal
     * deviates.
     *
     * @param rng the generator to draw the noise from
     * @return features (2, 400), labels (1, 400) and no class names
     */
    public static Dataset load(NumpyRandom rng) {
        Objects.requireNonNull(rng, "rng");
        DMatrixRMaj x = new DMatrixRMaj(2, EXAMPLES);
        DMatrixRMaj y = new DMatrixRMaj(1, EXAMPLES);
        for (int j = 0; j < 2; j++) {
            double[] t = linspace(j * 3.12, (j + 1) * 3.12, PER_CLASS);
            double[] noise = rng.randn(PER_CLASS);
            for (int i = 0; i < PER_CLASS; i++) {
                t[i] += noise[i] * 0.2;
            }
            double[] r = new double[PER_CLASS];
            noise = rng.randn(PER_CLASS);
            for (int i = 0; i < PER_CLASS; i++) {
                r[i] = MAX_RAY * Math.sin(4 * t[i]) + noise[i] * 0.2;
            }
            for (int i = 0; i < PER_CLASS; i++) {
                int col = PER_CLASS * j + i;
                x.set(0, col, r[i] * Math.sin(t[i]));
                x.set(1, col, r[i] * Math.cos(t[i]));
                y.set(0, col, j);
            }
        }
        return new Dataset(x, y);
    }

    /**
     * numpy's {@code linspace(start, stop, num)} with {@code endpoint=True}, to the bit: {@code step
     * = (stop - start) / (num - 1)}, {@code y[i] = i * step + start}, and the last element set to
     * {@code stop}.
     */
    static double[] linspace(double start, double stop, int num) {
        if (num < 0) {
            throw new IllegalArgumentException("linspace: num must be non-negative, but was " + num);
        }
        double[] y = new double[num];
        double delta = stop - start;
        if (num <= 1) {
            if (num == 1) {
                y[0] = 0 * delta + start; // numpy: the step is undefined, y = arange(1) * delta + start
            }
            return y;
        }
        int div = num - 1;
        double step = delta / div;
        for (int i = 0; i < num; i++) {
            // numpy divides by div first and then multiplies by delta when the step underflows
            y[i] = (step == 0 ? (i / (double) div) * delta : i * step) + start;
        }
        y[num - 1] = stop;
        return y;
    }
}
