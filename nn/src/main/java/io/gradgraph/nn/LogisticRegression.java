package io.gradgraph.nn;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

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
        super(inputs, 1, zeros(inputs), backend);
    }

    /** A model for {@code n_x} features with zero parameters, run by {@code Backend.preferred()}. */
    public static LogisticRegression create(int inputs) {
        return new LogisticRegression(inputs, Backend.preferred());
    }

    /** A model for {@code n_x} features with zero parameters, run by {@code backend}. */
    public static LogisticRegression create(int inputs, Backend backend) {
        return new LogisticRegression(inputs, Objects.requireNonNull(backend, "backend"));
    }

    private static LinkedHashMap<String, DMatrixRMaj> zeros(int inputs) {
        if (inputs < 1) {
            throw new IllegalArgumentException("logistic regression needs at least one feature, got " + inputs);
        }
        LinkedHashMap<String, DMatrixRMaj> p = new LinkedHashMap<>();
        p.put("w", new DMatrixRMaj(inputs, 1));
        p.put("b", new DMatrixRMaj(1, 1));
        return p;
    }

    @Override
    Node forward(Graph g, Node x, Map<String, Node> params, ModelGraph.Dropout dropout) {
        Node z = g.add(g.matmul(g.transpose(params.get("w")), x), params.get("b")).named("Z");
        return g.sigmoid(z).named("A");
    }

    @Override
    int[] hiddenSizes() {
        return new int[0];
    }

    @Override
    public String toString() {
        return "LogisticRegression[n_x=" + inputs() + "]";
    }
}
