package io.gradgraph.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Graph;
import io.gradgraph.core.Node;
import io.gradgraph.nn.Initializer;
import io.gradgraph.nn.Loss;
import io.gradgraph.nn.Model;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.NumpyRandom;
import io.gradgraph.nn.Optimizer;
import io.gradgraph.nn.Prediction;
import io.gradgraph.nn.TrainingConfig;
import io.gradgraph.nn.data.Dataset;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Models a user builds with nn's public model API, not built-in ones, trained on Spark and locally. */
class UserModelTest {

    /** An autoencoder 6 → 3 (tanh) → 6 with the squared-error reconstruction loss: Y is X. */
    private static Model autoencoder() {
        return autoencoder(Loss.squaredError());
    }

    private static Model autoencoder(Loss loss) {
        return Model.builder("autoencoder", 6, 6)
                .weight("W1", 3, 6, Initializer.XAVIER).bias("b1", 3)
                .weight("W2", 6, 3, Initializer.XAVIER).bias("b2", 6)
                .forward(c -> {
                    Graph g = c.graph();
                    Node code = g.tanh(g.add(g.matmul(c.parameter("W1"), c.features()), c.parameter("b1")));
                    return g.add(g.matmul(c.parameter("W2"), code), c.parameter("b2"));
                })
                .loss(loss)
                .prediction(Prediction.identity())
                .seed(4).build();
    }

    /** 250 points near a plane in 6 dimensions, as their own labels. */
    private static Dataset points() {
        NumpyRandom rng = new NumpyRandom(5);
        DMatrixRMaj mix = rng.randn(6, 2);
        DMatrixRMaj z = rng.randn(2, 250);
        DMatrixRMaj x = new DMatrixRMaj(6, 250);
        org.ejml.dense.row.CommonOps_DDRM.mult(mix, z, x);
        org.ejml.dense.row.CommonOps_DDRM.scale(0.5, x);
        return new Dataset(x, x.copy());
    }

    @Test
    void anAutoencoderTrainsOnSparkAsLocally() {
        Dataset data = points();
        TrainingConfig config = TrainingConfig.builder().iterations(80).optimizer(Optimizer.momentum(0.1, 0.9))
                .costEvery(1).build();
        Network local = new Network(autoencoder());
        double[] expected = local.fit(data, config).costs();
        Network spark = new Network(autoencoder());
        SparkTrainer.Result r = new SparkTrainer(TestSpark.context()).fit(spark,
                SparkData.parallelize(TestSpark.context(), data, 3), config);
        SparkTrainerTest.assertClose("autoencoder (user model), momentum, costs", expected, r.costs());
        SparkTrainerTest.assertClose("autoencoder (user model), W2 after training", local.parameter("W2").data,
                spark.parameter("W2").data);
        assertTrue(expected[expected.length - 1] < expected[0] / 2, "the autoencoder learns");
    }

    @Test
    void theL2TermIsAddedOnceOnTheDriverAsLocally() {
        Dataset data = points();
        TrainingConfig config = TrainingConfig.builder().iterations(40).optimizer(Optimizer.adam(0.01)).l2(0.7)
                .costEvery(1).build();
        double[] expected = new Network(autoencoder()).fit(data, config).costs();
        SparkTrainer.Result r = new SparkTrainer(TestSpark.context()).fit(new Network(autoencoder()),
                SparkData.parallelize(TestSpark.context(), data, 4), config);
        SparkTrainerTest.assertClose("autoencoder, Adam, L2 λ = 0.7, costs", expected, r.costs());
    }

    @Test
    void aLossOfTheUsersOwnMustBeAMeanOverExamples() {
        Dataset data = points();
        TrainingConfig config = TrainingConfig.builder().iterations(5).learningRate(0.01).costEvery(1).build();
        // a mean written by hand (not a Loss.PerExample): checked in the first step, and it passes
        Loss mean = (g, a, y) -> g.mean(g.square(g.sub(a, y)));
        double[] expected = new Network(autoencoder(mean)).fit(data, config).costs();
        SparkTrainer.Result r = new SparkTrainer(TestSpark.context()).fit(new Network(autoencoder(mean)),
                SparkData.parallelize(TestSpark.context(), data, 2), config);
        SparkTrainerTest.assertClose("autoencoder, a loss of the user's own (a mean), costs", expected, r.costs());

        // a sum over examples would be counted wrongly: refused, with the reason
        Loss sum = (g, a, y) -> g.sum(g.square(g.sub(a, y)));
        SparkTrainingException e = assertThrows(SparkTrainingException.class, () -> new SparkTrainer(
                TestSpark.context()).fit(new Network(autoencoder(sum)), SparkData.parallelize(TestSpark.context(), data, 2),
                        config));
        assertTrue(e.getMessage().startsWith("the model's cost is not a mean over examples: on 125 examples of partition"),
                e.getMessage());
    }
}
