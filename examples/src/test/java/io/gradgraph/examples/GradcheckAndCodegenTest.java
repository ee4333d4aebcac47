package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GradcheckAndCodegenTest {

    @Test
    void gradcheckOnTheCourseTestCasePasses() {
        Cli.Result r = Cli.run("gradcheck");
        assertEquals(0, r.code(), r.err());
        assertEquals("Gradient check of the deep model [4,5,3,1] on 3 random examples (X = randn(4, 3), seed 1):",
                r.lines().get(0));
        assertTrue(r.lines().get(1).startsWith("Gradient check passed: difference = "), r.out());
        double difference = Double.parseDouble(r.lines().get(1).replaceAll(".*difference = (\\S+) .*", "$1"));
        assertTrue(difference < 2e-7, r.out());
        assertTrue(r.out().contains("  W3     difference "), r.out());
    }

    @Test
    void gradcheckOnEveryModel() {
        Cli.Result shallow = Cli.run("gradcheck", "--model", "shallow", "--examples", "20", "--seed", "4");
        assertEquals(0, shallow.code(), shallow.out());
        assertTrue(shallow.out().startsWith("Gradient check of the shallow model [2,4,1] on 20 random examples"
                + " (X = randn(2, 20), seed 4):\nGradient check passed"), shallow.out());
        Cli.Result logistic = Cli.run("gradcheck", "--model", "logistic", "--layers", "6,1", "--l2", "0.7");
        assertEquals(0, logistic.code(), logistic.out());
        assertTrue(logistic.lines().get(0).endsWith("with L2 λ = 0.7:"), logistic.out());
        assertTrue(logistic.out().contains("  w      difference"), logistic.out());
    }

    @Test
    void codegenPrintsWhatTheMavenGoalGeneratesForThePlanarNetwork() throws Exception {
        Cli.Result r = Cli.run("codegen", "--package", "io.gradgraph.examples");
        assertEquals(0, r.code(), r.err());
        // gradgraph-maven-plugin generated this class from src/main/graphs at generate-sources
        Path generated = Path.of("target/generated-sources/gradgraph/io/gradgraph/examples/ShallowNetworkStep.java");
        assertTrue(Files.isRegularFile(generated), "the build generated " + generated.toAbsolutePath());
        assertEquals(Files.readString(generated), r.out());
    }

    @Test
    void codegenForOtherModels() {
        Cli.Result deep = Cli.run("codegen", "--model", "deep", "--layers", "3,2,1", "--class", "Step", "--package", "demo");
        assertEquals(0, deep.code(), deep.err());
        assertTrue(deep.out().contains("package demo;"), deep.out());
        assertTrue(deep.out().contains("public final class Step {"), deep.out());
        assertTrue(deep.out().contains("List.of(\"J\", \"dW1\", \"db1\", \"dW2\", \"db2\", \"A2\")"), deep.out());
        Cli.Result logistic = Cli.run("codegen", "--model", "logistic");
        assertTrue(logistic.out().contains("public final class LogisticRegressionStep {"), logistic.out());
        assertTrue(logistic.out().contains("inputs:  X (4×m), Y (1×m), w (4×1), b (1×1)"), logistic.out());
    }
}
