package io.gradgraph.nn;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import java.util.Objects;

/**
 * Logistic regression as the course's first "neural network": {@code A = σ(wᵀX + b)} with {@code w}
 * of shape {@code n_x × 1} and a 1×1 bias {@code b}, both starting at zero
 * ({@code initialize_with_zeros}). Autodiff derives the course's {@code dw = (1/m) X·(A − Y)ᵀ} and
 * {@code db = (1/m) Σ (A − Y)}.
 *
 * <pre>{@code
 * Dataset train = Hdf5Dataset.loadCatTrain(Path.of("datasets/train_catvnoncat.h5"));
 * Dataset test = Hdf5Dataset.loadCatTest(Path.of("datasets/test_catvnoncat.h5"));
 * LogisticRegression model = LogisticRegression.create(train.features());
 * model.fit(train, TrainingConfig.builder().iterations(2000).learningRate(0.005).printEvery(100).build());
 * System.out.println("train accuracy: " + model.accuracy(train) + " %");   // 99.04306220095694 %
 * System.out.println("test accuracy: " + model.accuracy(test) + " %");     // 70.0 %
 * }</pre>
 */
public final class LogisticRegression extends Network {

    private LogisticRegression(int inputs, Backend backend) {
        super(model(inputs).withBackend(backend));
    }

    /** A model for {@code n_x} features with zero parameters, run by the default backend. */
    public static LogisticRegression create(int inputs) {
        return new LogisticRegression(inputs, Network.defaultBackend());
    }

    /** A model for {@code n_x} features with zero parameters, run by {@code backend}. */
    public static LogisticRegression create(int inputs, Backend backend) {
        return new LogisticRegression(inputs, Objects.requireNonNull(backend, "backend"));
    }

    /**
     * The model: {@code w} (n_x×1, zeros, L2-regularized) and {@code b} (1×1, zeros), forward pass
     * {@code A = σ(wᵀX + b)}, binary cross-entropy, prediction {@code A > 0.5}.
     */
    public static Model model(int inputs) {
        if (inputs < 1) {
            throw new IllegalArgumentException("logistic regression needs at least one feature, got " + inputs);
        }
        return Model.builder("LogisticRegression", inputs, 1)
                .weight("w", inputs, 1, Initializer.ZEROS)
                .bias("b", 1)
                .forward(c -> {
                    Graph g = c.graph();
                    Node z = g.add(g.matmul(g.transpose(c.parameter("w")), c.features()), c.parameter("b")).named("Z");
                    return g.sigmoid(z).named("A");
                })
                .build();
    }

    @Override
    public String toString() {
        return "LogisticRegression[n_x=" + inputs() + "]";
    }
}
