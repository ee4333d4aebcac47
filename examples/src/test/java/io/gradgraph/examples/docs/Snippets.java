package io.gradgraph.examples.docs;

import io.gradgraph.codegen.CodeGenerator;
import io.gradgraph.codegen.GraphDefinition;
import io.gradgraph.core.Backend;
import io.gradgraph.core.Bindings;
import io.gradgraph.core.EquationPrinter;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Lowering;
import io.gradgraph.core.Node;
import io.gradgraph.core.Op;
import io.gradgraph.core.PrintContext;
import io.gradgraph.core.Printed;
import io.gradgraph.core.Results;
import io.gradgraph.core.Shape;
import io.gradgraph.examples.ShallowNetworkStep;
import io.gradgraph.nn.DeepNetwork;
import io.gradgraph.nn.GradientCheck;
import io.gradgraph.nn.History;
import io.gradgraph.nn.Initializer;
import io.gradgraph.nn.LogisticRegression;
import io.gradgraph.nn.Loss;
import io.gradgraph.nn.Metric;
import io.gradgraph.nn.Model;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.Prediction;
import io.gradgraph.nn.NumpyRandom;
import io.gradgraph.nn.Optimizer;
import io.gradgraph.nn.OutputLayer;
import io.gradgraph.nn.PipelinedDescent;
import io.gradgraph.nn.ShallowNetwork;
import io.gradgraph.nn.TrainingConfig;
import io.gradgraph.nn.data.Dataset;
import io.gradgraph.nn.data.Hdf5Dataset;
import io.gradgraph.nn.data.PlanarDataset;
import io.gradgraph.nn.data.SpiralDataset;
import io.gradgraph.spark.SparkData;
import io.gradgraph.spark.SparkTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.ejml.data.DMatrixRMaj;

/**
 * Every Java snippet of README.md and docs/*.md, verbatim between {@code BEGIN SNIPPET} and
 * {@code END SNIPPET} lines, inside methods that first declare what the snippet takes from the
 * surrounding text (the data {@code x}, {@code y}, a graph {@code g}, …). Compiling this file
 * compiles the snippets; {@link SnippetsTest} checks that the regions and the markdown agree both
 * ways and runs the snippets that need no course files.
 *
 * <p>To change a snippet, change it in the markdown and here alike.
 */
@SuppressWarnings("unused")
final class Snippets {
    private Snippets() {
    }

    /** The planar data as the README's {@code x}, {@code y} and small random weights. */
    private static final Dataset FLOWER = PlanarDataset.load();

    static Results readmeTenLines() {
        DMatrixRMaj x = FLOWER.x();
        DMatrixRMaj y = FLOWER.y();
        NumpyRandom random = new NumpyRandom(2);
        DMatrixRMaj w1 = random.randn(4, 2);
        DMatrixRMaj w2 = random.randn(1, 4);
        // BEGIN SNIPPET README.md docs/getting-started.md
        Graph g = new Graph();
        Node X = g.input("X", Shape.of(2, "m"));          // m: the batch size, bound at run time
        Node Y = g.input("Y", Shape.of(1, "m"));
        Node W1 = g.parameter("W1", 4, 2), b1 = g.parameter("b1", 4, 1);
        Node W2 = g.parameter("W2", 1, 4), b2 = g.parameter("b2", 1, 1);
        Node A1 = g.tanh(g.add(g.matmul(W1, X), b1).named("Z1")).named("A1");
        Node A2 = g.sigmoid(g.add(g.matmul(W2, A1), b2).named("Z2")).named("A2");
        Node J = g.mean(g.binaryCrossEntropy(A2, Y)).named("J");
        Gradients grads = g.gradients(J, W1, b1, W2, b2);  // new nodes: dW1, db1, dW2, db2
        System.out.println(EquationPrinter.backward(grads));
        Results r = Interpreter.of(J, grads.of(W1)).run(new Bindings().set("X", x).set("Y", y)   // x: 2×m, y: 1×m
                .set("W1", w1).set("b1", new DMatrixRMaj(4, 1)).set("W2", w2).set("b2", new DMatrixRMaj(1, 1)));
        // END SNIPPET
        return r;
    }

    static GradientCheck.Report readmePlanar() {
        // BEGIN SNIPPET README.md
        // one hidden layer on the planar "flower": prints the course's "Cost after iteration 0: 0.693048" …
        Dataset flower = PlanarDataset.load();
        ShallowNetwork net = ShallowNetwork.builder(2, 4).build();          // tanh, W = randn·0.01, seed 2
        net.fit(flower, TrainingConfig.builder().iterations(10_000).learningRate(1.2).printEvery(1000).build());
        System.out.printf("Accuracy: %d%%%n", (int) net.accuracy(flower));  // Accuracy: 90%
        GradientCheck.Report report = GradientCheck.standard().check(net, flower.x(), flower.y());  // difference < 2e-7
        // END SNIPPET
        return report;
    }

    /** Compiled only: needs the course's cat pictures and trains for minutes. */
    static void readmeCats() throws Exception {
        // BEGIN SNIPPET README.md
        // logistic regression and an L-layer network on the cat pictures
        Dataset train = Hdf5Dataset.loadCatTrain(Path.of("datasets/train_catvnoncat.h5"));
        LogisticRegression logistic = LogisticRegression.create(train.features());
        logistic.fit(train, TrainingConfig.builder().iterations(2000).learningRate(0.005).printEvery(100).build());
        DeepNetwork deep = DeepNetwork.builder(12288, 20, 7, 5, 1).initializer(Initializer.HE).build();
        deep.fit(train, TrainingConfig.builder().epochs(1000).batchSize(64).optimizer(Optimizer.adam(0.0007))
                .l2(0.7).build());
        deep.save(Path.of("deep.npz"));                                      // np.load("deep.npz")["W1"]
        // END SNIPPET
    }

    static Results autodiffIntro() {
        Graph g = new Graph();
        Node X = g.input("X", Shape.of(2, "m"));
        Node Y = g.input("Y", Shape.of(1, "m"));
        Node W1 = g.parameter("W1", 4, 2), b1 = g.parameter("b1", 4, 1);
        Node W2 = g.parameter("W2", 1, 4), b2 = g.parameter("b2", 1, 1);
        Node A1 = g.tanh(g.add(g.matmul(W1, X), b1).named("Z1")).named("A1");
        Node A2 = g.sigmoid(g.add(g.matmul(W2, A1), b2).named("Z2")).named("A2");
        Node J = g.mean(g.binaryCrossEntropy(A2, Y)).named("J");
        NumpyRandom random = new NumpyRandom(2);
        Bindings bindings = new Bindings().set("X", FLOWER.x()).set("Y", FLOWER.y()).set("W1", random.randn(4, 2))
                .set("b1", new DMatrixRMaj(4, 1)).set("W2", random.randn(1, 4)).set("b2", new DMatrixRMaj(1, 1));
        // BEGIN SNIPPET docs/autodiff.md
        Gradients grads = g.gradients(J, W1, b1, W2, b2);
        System.out.println(EquationPrinter.backward(grads));
        Node dW1 = grads.of(W1);                      // also named "dW1" in the graph
        Interpreter.of(J, dW1).run(bindings);         // forward and backward in one run
        // END SNIPPET
        return Interpreter.of(J, dW1).run(bindings);
    }

    static ShallowNetwork nnModel() {
        // BEGIN SNIPPET docs/getting-started.md docs/nn.md
        Dataset flower = PlanarDataset.load();                       // np.random.seed(1); load_planar_dataset()
        ShallowNetwork net = ShallowNetwork.builder(2, 4).build();   // nn_model's initialization
        net.fit(flower, TrainingConfig.builder().iterations(10_000).learningRate(1.2).printEvery(1000).build());
        System.out.printf("Accuracy: %d%%%n", (int) net.accuracy(flower));
        // END SNIPPET
        return net;
    }

    /** Compiled only: needs the course's cat pictures and trains for minutes. */
    static void gettingStartedCats() {
        // BEGIN SNIPPET docs/getting-started.md
        Dataset train = Hdf5Dataset.loadCatTrain(Path.of("datasets/train_catvnoncat.h5"));   // 12288×209, /255
        Dataset test = Hdf5Dataset.loadCatTest(Path.of("datasets/test_catvnoncat.h5"));
        LogisticRegression model = LogisticRegression.create(train.features());                // w, b = 0
        model.fit(train, TrainingConfig.builder().iterations(2000).learningRate(0.005).printEvery(100).build());
        System.out.println("train accuracy: " + model.accuracy(train) + " %");   // 99.04306220095694 %
        System.out.println("test accuracy: " + model.accuracy(test) + " %");     // 70.0 %
        // END SNIPPET
        // BEGIN SNIPPET docs/getting-started.md
        DeepNetwork deep = DeepNetwork.builder(12288, 20, 7, 5, 1).build();      // L_layer_model: randn / √n[l−1], seed 1
        History history = deep.fit(train, TrainingConfig.builder().iterations(2500).learningRate(0.0075)
                .printEvery(100).build());
        DMatrixRMaj predictions = deep.predict(test.x());                        // 1×50 of 0/1
        // END SNIPPET
    }

    static DeepNetwork gettingStartedOptimizers() {
        Dataset flower = FLOWER;
        // BEGIN SNIPPET docs/getting-started.md
        TrainingConfig adam = TrainingConfig.builder()
                .epochs(1000).batchSize(64)                 // random_mini_batches, reshuffled every epoch
                .optimizer(Optimizer.adam(0.0007))          // or Optimizer.momentum(α, 0.9), Optimizer.gd(α)
                .l2(0.7)                                    // or .keepProb(0.86) for inverted dropout
                .build();
        DeepNetwork regularized = DeepNetwork.builder(2, 20, 3, 1).initializer(Initializer.HE).build();
        regularized.fit(flower, adam);
        // END SNIPPET
        return regularized;
    }

    static GradientCheck.Report gettingStartedGradientCheck(ShallowNetwork net) {
        Dataset flower = FLOWER;
        // BEGIN SNIPPET docs/getting-started.md
        GradientCheck.Report report = GradientCheck.standard().check(net, flower.x(), flower.y());
        System.out.println(report.passed() + " " + report.difference());   // true, and about 1e-9: far below 2e-7
        // END SNIPPET
        return report;
    }

    /** Writes {@code flower.npz} to the working directory, as the text says; the test removes it. */
    static String gettingStartedCodegen(ShallowNetwork net) throws Exception {
        // BEGIN SNIPPET docs/getting-started.md
        net.save(Path.of("flower.npz"));                                     // np.load("flower.npz")["W1"]
        System.out.println(EquationPrinter.backward(net.gradients()));      // the six equations above
        ShallowNetwork compiled = ShallowNetwork.builder(2, 4).backend(Backend.compiled()).build();
        List<Node> step = new ArrayList<>(List.of(net.costNode()));
        step.addAll(net.gradients().nodes());                                // J, dW1, db1, dW2, db2
        System.out.println(CodeGenerator.source("com.example", "FlowerStep", step));
        // END SNIPPET
        return CodeGenerator.source("com.example", "FlowerStep", step);
    }

    /** Compiled only: needs the course's cat pictures and trains for minutes. */
    static void nnCats() {
        // BEGIN SNIPPET docs/nn.md
        Dataset train = Hdf5Dataset.loadCatTrain(Path.of("datasets/train_catvnoncat.h5"));
        Dataset test = Hdf5Dataset.loadCatTest(Path.of("datasets/test_catvnoncat.h5"));

        LogisticRegression logistic = LogisticRegression.create(train.features());
        logistic.fit(train, TrainingConfig.builder().iterations(2000).learningRate(0.005).printEvery(100).build());
        System.out.println("train accuracy: " + logistic.accuracy(train) + " %");   // 99.04306220095694 %
        System.out.println("test accuracy: " + logistic.accuracy(test) + " %");     // 70.0 %

        DeepNetwork deep = DeepNetwork.builder(12288, 20, 7, 5, 1).build();
        deep.fit(train, TrainingConfig.builder().iterations(2500).learningRate(0.0075).printEvery(100).build());
        // END SNIPPET
    }

    /** Compiled only: 70,000 training steps. */
    static void nnRegularization() {
        Dataset train = FLOWER;
        DeepNetwork net = DeepNetwork.builder(2, 20, 3, 1).build();
        // BEGIN SNIPPET docs/nn.md
        net.fit(train, TrainingConfig.builder().iterations(30_000).learningRate(0.3).l2(0.7).build());
        net.fit(train, TrainingConfig.builder().iterations(30_000).learningRate(0.3).keepProb(0.86).build());
        net.fit(train, TrainingConfig.builder().epochs(10_000).batchSize(64).optimizer(Optimizer.adam(0.0007)).build());
        // END SNIPPET
    }

    static double nnPipelined() {
        Dataset flower = FLOWER;
        // BEGIN SNIPPET docs/nn.md
        LogisticRegression model = LogisticRegression.create(flower.features());
        TrainingConfig config = TrainingConfig.builder().iterations(2000).learningRate(0.005).build();
        PipelinedDescent trainer = PipelinedDescent.start(model, flower.x(), flower.y(), config).orElseThrow();
        double cost = trainer.step();                                   // one step as fit takes it: J before the update
        model.fit(flower, config.toBuilder().pipelined(false).build()); // the plain loop: the same bits, X read twice a step
        // END SNIPPET
        return cost;
    }

    static List<GradientCheck.Report> nnGradientCheck() {
        TrainingConfig trainingConfig = TrainingConfig.builder().l2(0.7).build();
        // BEGIN SNIPPET docs/nn.md
        ShallowNetwork net = ShallowNetwork.builder(2, 4).build();
        Dataset flower = PlanarDataset.load();
        GradientCheck.Report report = GradientCheck.standard().check(net, flower.x(), flower.y());
        GradientCheck.Report withL2 = GradientCheck.builder().l2(0.7).build().check(net, flower.x(), flower.y());
        GradientCheck.Report forConfig = GradientCheck.builder().config(trainingConfig).build().check(net, flower.x(), flower.y());
        System.out.println(report);
        // END SNIPPET
        return List.of(report, withL2, forConfig);
    }

    static void nnEquations() {
        // BEGIN SNIPPET docs/nn.md
        System.out.println(EquationPrinter.backward(DeepNetwork.builder(4, 3, 2, 1).build().gradients()));
        // END SNIPPET
    }

    static Network nnUserModel() {
        Dataset flower = PlanarDataset.load();
        // BEGIN SNIPPET docs/nn.md
        Model model = Model.builder("tiny", 2, 1)                         // X: 2 × m, Y: 1 × m
                .weight("W1", 4, 2, Initializer.XAVIER).bias("b1", 4)     // weights: drawn, L2 applies
                .weight("W2", 1, 4, Initializer.XAVIER).bias("b2", 1)     // biases: zeros, no L2
                .forward(c -> {
                    Graph g = c.graph();
                    Node a1 = c.dropout(g.tanh(g.add(g.matmul(c.parameter("W1"), c.features()), c.parameter("b1"))));
                    return g.sigmoid(g.add(g.matmul(c.parameter("W2"), a1), c.parameter("b2")));
                })
                .loss(Loss.binaryCrossEntropy())                           // the default
                .prediction(Prediction.threshold(0.5))                     // the default
                .seed(3)
                .build();
        Network net = new Network(model);
        net.fit(flower, TrainingConfig.builder().epochs(100).batchSize(64).optimizer(Optimizer.adam(0.01)).l2(0.1).build());
        System.out.println(net.accuracy(flower));
        // END SNIPPET
        return net;
    }

    static DeepNetwork nnMultiClass() {
        // BEGIN SNIPPET docs/nn.md
        Dataset spirals = SpiralDataset.load(3, 100, 1);
        DeepNetwork classifier = DeepNetwork.builder(2, 100, 3).output(OutputLayer.SOFTMAX).build();
        classifier.fit(spirals, TrainingConfig.builder().iterations(2500).learningRate(1.0).build());
        System.out.println(classifier.accuracy(spirals) + " %");                 // 99.33333333333333 %
        System.out.println(EquationPrinter.backward(classifier.gradients()));    // dZ2 = A2 − Y ...
        // END SNIPPET
        return classifier;
    }

    static List<Model> nnThreeUserModels(DMatrixRMaj x) throws Exception {
        // BEGIN SNIPPET docs/nn.md
        Model autoencoder = Model.builder("autoencoder", 6, 6)
                .weight("W1", 3, 6, Initializer.XAVIER).bias("b1", 3)
                .weight("W2", 6, 3, Initializer.XAVIER).bias("b2", 6)
                .forward(c -> {
                    Graph g = c.graph();
                    Node code = g.tanh(g.add(g.matmul(c.parameter("W1"), c.features()), c.parameter("b1")));
                    return g.add(g.matmul(c.parameter("W2"), code), c.parameter("b2"));
                })
                .loss(Loss.squaredError())
                .prediction(Prediction.identity())
                .build();
        // END SNIPPET
        // BEGIN SNIPPET docs/nn.md
        Model leaky = Model.builder("leaky", 2, 1)
                .weight("W1", 8, 2, Initializer.HE).bias("b1", 8)
                .weight("W2", 5, 8, Initializer.HE).bias("b2", 5)
                .weight("W3", 1, 5, Initializer.HE).bias("b3", 1)
                .forward(c -> {
                    Graph g = c.graph();
                    Node a = c.features();
                    for (int l = 1; l <= 2; l++) {
                        a = c.dropout(g.leakyRelu(g.add(g.matmul(c.parameter("W" + l), a), c.parameter("b" + l)), 0.1));
                    }
                    return g.sigmoid(g.add(g.matmul(c.parameter("W3"), a), c.parameter("b3")));
                })
                .build();
        // END SNIPPET
        // BEGIN SNIPPET docs/nn.md
        Model tied = Model.builder("tied", 5, 5)
                .weight("W", 2, 5, Initializer.XAVIER).bias("b", 2).bias("c", 5)
                .forward(c -> {
                    Graph g = c.graph();
                    Node w = c.parameter("W");
                    Node code = g.tanh(g.add(g.matmul(w, c.features()), c.parameter("b")));
                    return g.add(g.matmul(g.transpose(w), code), c.parameter("c"));
                })
                .loss(Loss.squaredError())
                .prediction(Prediction.identity())
                .build();
        Network net = new Network(tied);
        net.fit(x, x, TrainingConfig.builder().epochs(60).batchSize(32).optimizer(Optimizer.adam(0.01)).build());
        GradientCheck.Report report = GradientCheck.standard().check(net, x, x);
        net.save(Path.of("tied.npz"));
        double mse = net.evaluate(Metric.meanSquaredError(), x, x);
        // END SNIPPET
        if (!report.passed() || !(mse >= 0)) {
            throw new AssertionError(report + ", mse " + mse);
        }
        return List.of(autoencoder, leaky, tied);
    }

    static Node opsShapes() {
        Graph g = new Graph();
        // BEGIN SNIPPET docs/ops.md
        Node X = g.input("X", Shape.of(2, "m"));   // 2 features × m examples
        Node b = g.parameter("b1", 4, 1);          // 4×1, broadcast over the m columns
        // END SNIPPET
        return g.add(g.matmul(g.parameter("W1", 4, 2), X), b);
    }

    static double[] opsRunningAGraph() {
        Graph g = new Graph();
        Node X = g.input("X", Shape.of(2, "m"));
        Node Y = g.input("Y", Shape.of(1, "m"));
        Node W1 = g.parameter("W1", 1, 2);
        Node b1 = g.parameter("b1", 1, 1);
        Node J = g.mean(g.binaryCrossEntropy(g.sigmoid(g.add(g.matmul(W1, X), b1)), Y)).named("J");
        Gradients grads = g.gradients(J, W1, b1);
        DMatrixRMaj x = FLOWER.x();
        DMatrixRMaj y = FLOWER.y();
        DMatrixRMaj w1 = new NumpyRandom(3).randn(1, 2);
        DMatrixRMaj bias = new DMatrixRMaj(1, 1);
        // BEGIN SNIPPET docs/ops.md
        Interpreter run = Interpreter.of(J, grads.of(W1), grads.of(b1));
        Results r = run.run(new Bindings().set("X", x).set("Y", y).set("W1", w1).set("b1", bias));
        double cost = r.scalar(J);
        DMatrixRMaj dW1 = r.get("dW1");
        // END SNIPPET
        return new double[] {cost, dW1.get(0, 0), dW1.get(0, 1)};
    }

    static double[] codegenRunTime() {
        Graph g = new Graph();
        Node X = g.input("X", Shape.of(2, "m"));
        Node Y = g.input("Y", Shape.of(1, "m"));
        Node W1 = g.parameter("W1", 1, 2);
        Node b1 = g.parameter("b1", 1, 1);
        Node J = g.mean(g.binaryCrossEntropy(g.sigmoid(g.add(g.matmul(W1, X), b1)), Y)).named("J");
        Gradients grads = g.gradients(J, W1, b1);
        DMatrixRMaj x = FLOWER.x();
        DMatrixRMaj y = FLOWER.y();
        DMatrixRMaj w1 = new NumpyRandom(3).randn(1, 2);
        DMatrixRMaj bias = new DMatrixRMaj(1, 1);
        // BEGIN SNIPPET README.md docs/codegen.md
        Executable step = Backend.compiled().compile(List.of(J, grads.of(W1), grads.of(b1)));
        Results r = step.run(new Bindings().set("X", x).set("Y", y).set("W1", w1).set("b1", bias));
        double cost = r.scalar(J);                                 // the interpreter's value, to the bit
        String source = CodeGenerator.source("com.example", "LogisticStep", List.of(J, grads.of(W1), grads.of(b1)));
        // END SNIPPET
        double interpreted = Interpreter.of(J).run(new Bindings().set("X", x).set("Y", y).set("W1", w1)
                .set("b1", bias)).scalar(J);
        return new double[] {cost, interpreted, source.contains("public final class LogisticStep {") ? 1 : 0};
    }

    static double[] codegenModels() {
        Dataset flower = FLOWER;
        // BEGIN SNIPPET docs/codegen.md
        ShallowNetwork net = ShallowNetwork.builder(2, 4).backend(Backend.compiled()).build();
        net.fit(flower, TrainingConfig.builder().iterations(10_000).learningRate(1.2).build());
        DeepNetwork deep = DeepNetwork.builder(2, 20, 3, 1).build();
        deep.fit(flower, TrainingConfig.builder().iterations(1000).backend(Backend.compiled()).build());
        // END SNIPPET
        return new double[] {net.accuracy(flower), deep.cost(flower.x(), flower.y())};
    }

    /** A copy of examples/src/main/graphs/io/gradgraph/examples/ShallowNetworkDefinition.java's class. */
    // BEGIN SNIPPET docs/codegen.md
    public final class ShallowNetworkDefinition implements GraphDefinition {

        @Override
        public String className() {
            return "ShallowNetworkStep";
        }

        @Override
        public List<Node> outputs() {
            Graph g = new Graph();
            Node X = g.input("X", Shape.of(2, "m"));
            Node Y = g.input("Y", Shape.of(1, "m"));
            Node W1 = g.parameter("W1", 4, 2);
            Node b1 = g.parameter("b1", 4, 1);
            Node W2 = g.parameter("W2", 1, 4);
            Node b2 = g.parameter("b2", 1, 1);
            Node A1 = g.tanh(g.add(g.matmul(W1, X), b1).named("Z1")).named("A1");
            Node A2 = g.sigmoid(g.add(g.matmul(W2, A1), b2).named("Z2")).named("A2");
            Node J = g.mean(g.binaryCrossEntropy(A2, Y)).named("J");
            Gradients grads = g.gradients(J, W1, b1, W2, b2);
            return List.of(J, grads.of(W1), grads.of(b1), grads.of(W2), grads.of(b2), A2);
        }
    }
    // END SNIPPET

    static double[] codegenGeneratedClass() {
        int m = FLOWER.examples();
        double[] X = FLOWER.x().data;
        double[] Y = FLOWER.y().data;
        double[] W1 = new NumpyRandom(2).randn(4, 2).data;
        double[] b1 = new double[4];
        double[] W2 = new NumpyRandom(3).randn(1, 4).data;
        double[] b2 = new double[1];
        double[] J = new double[1];
        double[] dW1 = new double[8];
        double[] db1 = new double[4];
        double[] dW2 = new double[4];
        double[] db2 = new double[1];
        double[] A2 = new double[m];
        // BEGIN SNIPPET docs/codegen.md
        ShallowNetworkStep step = new ShallowNetworkStep();      // generated at build time
        step.run(m, X, Y, W1, b1, W2, b2, J, dW1, db1, dW2, db2, A2);
        // END SNIPPET
        return J;
    }

    /** Compiled, not run: it needs a Spark cluster and a CSV file. */
    static double sparkTraining() throws Exception {
        // BEGIN SNIPPET docs/spark.md
        SparkSession spark = SparkSession.builder().appName("cats").getOrCreate();   // master: spark-submit's
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var table = spark.read().option("header", true).option("inferSchema", true).csv("hdfs:///data/train.csv");
        var rows = SparkData.assemble(table, "label");              // columns: features (array<double>), label
        DeepNetwork net = DeepNetwork.builder(12288, 20, 7, 5, 1).build();
        SparkTrainer.Result result = new SparkTrainer(sc).fit(net, rows, "features", "label",
                TrainingConfig.builder().iterations(2500).learningRate(0.0075).printEvery(100).build());
        net.save(Path.of("cats.npz"));                               // the trained parameters are in net
        // END SNIPPET
        return result.finalCost();
    }

    // BEGIN SNIPPET docs/ops.md
    /** log(1 + eˣ), computed stably, with its own gradient σ(x). */
    record LogOnePlusExp() implements Op {
        public String name() { return "log1p-exp"; }
        public Shape shape(List<Node> inputs) { return inputs.get(0).shape(); }
        public void evaluate(List<DMatrixRMaj> inputs, DMatrixRMaj out) {
            double[] x = inputs.get(0).data;
            for (int i = 0; i < out.getNumElements(); i++) {
                out.data[i] = Math.max(x[i], 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x[i])));
            }
        }
        public Node vjp(Graph g, Node out, Node grad, int index) {
            return g.mul(grad, g.sigmoid(out.input(0)));        // d/dx log(1 + eˣ) = σ(x)
        }
        public Printed print(PrintContext ctx) {
            String x = ctx.arg(0).text();
            return Printed.atom(ctx.pick("log(1 + exp(" + x + "))", "\\log\\left(1 + e^{" + x + "}\\right)"));
        }
        public Lowering lowering() {                             // optional: inlined in generated loops
            return new Lowering.Pointwise((calls, x) -> "java.lang.Math.max(" + x[0] + ", 0.0) + "
                    + "java.lang.StrictMath.log1p(java.lang.StrictMath.exp(-java.lang.Math.abs(" + x[0] + ")))");
        }
    }
    // END SNIPPET

    static String[] opsCustomOp() {
        DMatrixRMaj x = FLOWER.x();
        DMatrixRMaj w = new NumpyRandom(3).randn(1, 2);
        // BEGIN SNIPPET docs/ops.md
        Graph g = new Graph();
        Node X = g.input("X", Shape.of(2, "m"));
        Node W = g.parameter("W", 1, 2);
        Node J = g.mean(g.apply(new LogOnePlusExp(), g.matmul(W, X))).named("J");
        Gradients grads = g.gradients(J, W);
        String backward = EquationPrinter.backward(grads);              // dW = (1/m) σ(W·X)·Xᵀ
        Executable step = Backend.compiled().compile(List.of(J, grads.of(W)));
        Results r = step.run(new Bindings().set("X", x).set("W", w));   // the interpreter's bits
        // END SNIPPET
        double interpreted = Interpreter.of(J).run(new Bindings().set("X", x).set("W", w)).scalar(J);
        return new String[] {EquationPrinter.forward(J), backward, Double.toString(r.scalar(J)),
            Double.toString(interpreted)};
    }

    /** A softmax classifier of three blobs, trained through generated code: its backward equations and accuracy. */
    static Object[] opsSoftmaxClassifier() {
        int m = 150;
        java.util.Random random = new java.util.Random(7);
        DMatrixRMaj x = new DMatrixRMaj(2, m);
        DMatrixRMaj y = new DMatrixRMaj(3, m);
        double[][] centers = {{-2, 0}, {2, 0}, {0, 2.5}};
        for (int j = 0; j < m; j++) {
            int k = j % 3;
            x.set(0, j, centers[k][0] + 0.6 * random.nextGaussian());
            x.set(1, j, centers[k][1] + 0.6 * random.nextGaussian());
            y.set(k, j, 1);
        }
        DMatrixRMaj w1 = new NumpyRandom(1).randn(8, 2);
        DMatrixRMaj w2 = new NumpyRandom(2).randn(3, 8);
        DMatrixRMaj bias1 = new DMatrixRMaj(8, 1);
        DMatrixRMaj bias2 = new DMatrixRMaj(3, 1);
        org.ejml.dense.row.CommonOps_DDRM.scale(0.1, w1);
        org.ejml.dense.row.CommonOps_DDRM.scale(0.1, w2);
        Graph g = new Graph();
        // BEGIN SNIPPET docs/ops.md
        Node X = g.input("X", Shape.of(2, "m"));
        Node Y = g.input("Y", Shape.of(3, "m"));                   // one-hot columns: 3 classes
        Node W1 = g.parameter("W1", 8, 2);
        Node b1 = g.parameter("b1", 8, 1);
        Node W2 = g.parameter("W2", 3, 8);
        Node b2 = g.parameter("b2", 3, 1);
        Node A1 = g.tanh(g.add(g.matmul(W1, X), b1).named("Z1")).named("A1");
        Node Z2 = g.add(g.matmul(W2, A1), b2).named("Z2");
        Node A2 = g.softmax(Z2).named("A2");
        Node J = g.mean(g.softmaxCrossEntropy(Z2, Y)).named("J");
        Gradients grads = g.gradients(J, W1, b1, W2, b2);
        System.out.println(EquationPrinter.backward(grads));       // dZ2 = A2 − Y, dW2 = (1/m) dZ2·A1ᵀ, …
        Executable step = Backend.compiled().compile(List.of(J, grads.of(W1), grads.of(b1), grads.of(W2), grads.of(b2)));
        // END SNIPPET
        Bindings bindings = new Bindings().set("X", x).set("Y", y).set("W1", w1).set("b1", bias1).set("W2", w2)
                .set("b2", bias2);
        double first = Double.NaN;
        double last = Double.NaN;
        List<DMatrixRMaj> parameters = List.of(w1, bias1, w2, bias2);
        for (int t = 0; t < 300; t++) {
            Results r = step.run(bindings);
            last = r.scalar(J);
            if (t == 0) {
                first = last;
            }
            for (int p = 0; p < 4; p++) {
                DMatrixRMaj grad = r.get(grads.nodes().get(p));
                org.ejml.dense.row.CommonOps_DDRM.addEquals(parameters.get(p), -1.0, grad);
            }
        }
        DMatrixRMaj probabilities = Interpreter.of(A2).run(bindings).get(A2);
        int correct = 0;
        for (int j = 0; j < m; j++) {
            int best = 0;
            for (int k = 1; k < 3; k++) {
                best = probabilities.get(k, j) > probabilities.get(best, j) ? k : best;
            }
            correct += y.get(best, j) == 1 ? 1 : 0;
        }
        return new Object[] {EquationPrinter.backward(grads), first, last, correct / (double) m};
    }
}
