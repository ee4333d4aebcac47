package io.gradgraph.nn.data;

import io.gradgraph.nn.NumpyRandom;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

/**
 * A seeded multi-class demo data set: K interleaved spiral arms in the plane, the classic
 * softmax-classifier example (CS231n's "spiral data"), drawn with numpy's generator.
 *
 * <p>For class j ∈ {0, …, K−1}, {@code r = linspace(0, 1, N)}, {@code t = linspace(4j, 4(j+1), N) +
 * 0.2 randn(N)}, and each point is {@code (r sin t, r cos t)} with label j. The result is {@code X}
 * (2, K·N) and {@code Y} (1, K·N) of class indices, examples grouped by class.
 *
 * <pre>{@code
 * Dataset train = SpiralDataset.load(3, 100, 1);   // 300 points of 3 classes, np.random.seed(1)
 * Dataset test = SpiralDataset.load(3, 50, 2);     // another 150 from seed 2
 * }</pre>
 *
 * <p>The numpy code it reproduces:
 * <pre>
 * np.random.seed(seed)
 * for j in range(K):
 *     r = np.linspace(0.0, 1, N)
 *     t = np.linspace(j * 4, (j + 1) * 4, N) + np.random.randn(N) * 0.2
 *     X[j*N:(j+1)*N] = np.c_[r * np.sin(t), r * np.cos(t)]; y[j*N:(j+1)*N] = j
 * </pre>
 */
public final class SpiralDataset {
    private SpiralDataset() {}

    /**
     * {@code classes} spiral arms of {@code perClass} points each, from {@code np.random.seed(seed)}.
     *
     * @return features (2, K·N), labels (1, K·N) of 0…K−1, classes named "0", "1", …
     * @throws IllegalArgumentException if there are fewer than 2 classes or 1 point per class
     */
    public static Dataset load(int classes, int perClass, long seed) {
        if (classes < 2 || perClass < 1) {
            throw new IllegalArgumentException("spirals need at least 2 classes of at least 1 point, got " + classes
                    + " classes of " + perClass);
        }
        NumpyRandom rng = new NumpyRandom(seed);
        int m = classes * perClass;
        DMatrixRMaj x = new DMatrixRMaj(2, m);
        DMatrixRMaj y = new DMatrixRMaj(1, m);
        double[] r = PlanarDataset.linspace(0, 1, perClass);
        for (int j = 0; j < classes; j++) {
            double[] t = PlanarDataset.linspace(j * 4.0, (j + 1) * 4.0, perClass);
            double[] noise = rng.randn(perClass);
            for (int i = 0; i < perClass; i++) {
                double angle = t[i] + noise[i] * 0.2;
                int col = j * perClass + i;
                x.set(0, col, r[i] * Math.sin(angle));
                x.set(1, col, r[i] * Math.cos(angle));
                y.set(0, col, j);
            }
        }
        return new Dataset(x, y, java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList());
    }

}
