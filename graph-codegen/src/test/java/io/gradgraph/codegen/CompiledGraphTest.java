package io.gradgraph.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Bindings;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Graph;
import io.gradgraph.core.GraphException;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import io.gradgraph.core.Shape;
import io.gradgraph.core.ShallowNetwork;
import io.gradgraph.kernel.MatMul;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class CompiledGraphTest {

    /** Every output of the compiled executable has exactly the interpreter's bits. */
    static void assertBitIdentical(List<Node> outputs, Bindings bindings) {
        Map<Node, DMatrixRMaj> expected = Fixtures.copy(Interpreter.of(outputs).run(bindings));
        Results actual = CompiledGraph.compile(outputs).run(bindings);
        for (Map.Entry<Node, DMatrixRMaj> e : expected.entrySet()) {
            DMatrixRMaj a = actual.get(e.getKey());
            DMatrixRMaj x = e.getValue();
            assertEquals(x.numRows, a.numRows, e.getKey().label());
            assertEquals(x.numCols, a.numCols, e.getKey().label());
            for (int i = 0; i < x.getNumElements(); i++) {
                assertEquals(Double.doubleToLongBits(x.data[i]), Double.doubleToLongBits(a.data[i]),
                        e.getKey().label() + "[" + i + "]: interpreter " + x.data[i] + ", generated " + a.data[i]);
            }
        }
    }

    @Test
    void shallowNetworkIsBitIdenticalToTheInterpreter() {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        assertBitIdentical(Fixtures.trainingOutputs(net), Fixtures.shallowBindings(2, 4, 400, 1));
    }

    /**
     * Products this large take the kernel's blocked path; the generated code passes transposes as
     * flags where the interpreter materializes them, which gives the same bits (next test) when both
     * call {@link MatMul}. Here: within 1e-12 norm-wise whichever matmul the interpreter uses (a
     * different summation order moves elements that cancel to near zero by more, relative to
     * themselves).
     */
    @Test
    void largerShallowNetworkAgreesWithTheInterpreter() {
        ShallowNetwork net = new ShallowNetwork(30, 20);
        List<Node> outputs = Fixtures.trainingOutputs(net);
        Bindings bindings = Fixtures.shallowBindings(30, 20, 300, 2);
        Map<Node, DMatrixRMaj> expected = Fixtures.copy(Interpreter.of(outputs).run(bindings));
        Results actual = CompiledGraph.compile(outputs).run(bindings);
        for (Node n : outputs) {
            double difference = 0;
            double norm = 0;
            for (int i = 0; i < expected.get(n).getNumElements(); i++) {
                double x = expected.get(n).data[i];
                double d = x - actual.get(n).data[i];
                difference += d * d;
                norm += x * x;
            }
            double relative = Math.sqrt(difference / norm);
            assertTrue(relative <= 1e-12, n.label() + ": relative difference " + relative);
        }
    }

    @Test
    void transposeFlagsGiveTheBitsOfTransposedCopies() {
        Random random = new Random(8);
        int m = 40;
        int n = 36;
        int k = 300; // blocked path, more than one K block
        double[] a = new double[k * m];
        double[] b = new double[n * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextGaussian();
        }
        double[] at = new double[m * k];
        double[] bt = new double[k * n];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < m; j++) {
                at[j * k + i] = a[i * m + j];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                bt[j * n + i] = b[i * k + j];
            }
        }
        double[] flags = new double[m * n];
        double[] copies = new double[m * n];
        MatMul.multiply(m, n, k, a, 0, true, b, 0, true, flags, 0, false);
        MatMul.multiply(m, n, k, at, 0, false, bt, 0, false, copies, 0, false);
        assertArrayEquals(copies, flags);
    }

    @Test
    void resultsAreKeyedByNodeAndByNameLikeTheInterpreter() {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        List<Node> outputs = List.of(net.J, net.grads.of(net.W1), net.J);
        Executable compiled = CompiledGraph.compile(outputs);
        assertEquals(outputs, compiled.outputs());
        Results r = compiled.run(Fixtures.shallowBindings(2, 4, 10, 3));
        Results i = Interpreter.of(outputs).run(Fixtures.shallowBindings(2, 4, 10, 3));
        assertEquals(i.scalar(net.J), r.scalar(net.J));
        assertArrayEquals(i.get("dW1").data, r.get("dW1").data);
        assertEquals(i.asMap().keySet(), r.asMap().keySet());
        GraphException notAnOutput = assertThrows(GraphException.class, () -> r.get(net.A1));
        assertTrue(notAnOutput.getMessage().contains("not an output"), notAnOutput.getMessage());
    }

    @Test
    void sizeChangesBetweenRunsGrowAndShrinkBuffers() {
        ShallowNetwork net = new ShallowNetwork(3, 5);
        List<Node> outputs = Fixtures.trainingOutputs(net);
        Executable compiled = CompiledGraph.compile(outputs);
        Interpreter interpreter = Interpreter.of(outputs);
        for (int m : new int[] {7, 200, 1, 64, 513}) {
            Bindings b = Fixtures.shallowBindings(3, 5, m, m);
            Map<Node, DMatrixRMaj> expected = Fixtures.copy(interpreter.run(b));
            Results actual = compiled.run(b);
            for (Node n : outputs) {
                assertEquals(expected.get(n).numCols, actual.get(n).numCols);
                for (int i = 0; i < expected.get(n).getNumElements(); i++) {
                    assertEquals(expected.get(n).data[i], actual.get(n).data[i], 0.0, n.label() + " m=" + m);
                }
            }
        }
    }

    @Test
    void missingAndMisshapedBindingsGiveTheInterpretersErrors() {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        List<Node> outputs = Fixtures.trainingOutputs(net);
        Executable compiled = CompiledGraph.compile(outputs);
        Interpreter interpreter = Interpreter.of(outputs);

        Bindings missing = Fixtures.shallowBindings(2, 4, 10, 1);
        Bindings withoutW2 = new Bindings();
        missing.values().forEach((k, v) -> {
            if (!k.equals("W2")) {
                withoutW2.set(k, v);
            }
        });
        assertEquals(message(() -> interpreter.run(withoutW2)), message(() -> compiled.run(withoutW2)));

        Bindings misshaped = Fixtures.shallowBindings(2, 4, 10, 1).set("Y", new DMatrixRMaj(1, 11));
        String error = message(() -> compiled.run(misshaped));
        assertEquals(message(() -> interpreter.run(misshaped)), error);
        assertTrue(error.contains("'Y'"), error);
    }

    /** Runs after a successful one resolve sizes without allocating; bad bindings still fail alike. */
    @Test
    void bindingsAreCheckedOnEveryRun() {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        List<Node> outputs = Fixtures.trainingOutputs(net);
        Executable compiled = CompiledGraph.compile(outputs);
        Interpreter interpreter = Interpreter.of(outputs);
        Bindings good = Fixtures.shallowBindings(2, 4, 10, 1);
        compiled.run(good);

        Bindings misshaped = Fixtures.shallowBindings(2, 4, 10, 1).set("Y", new DMatrixRMaj(1, 11));
        assertEquals(message(() -> interpreter.run(misshaped)), message(() -> compiled.run(misshaped)));
        Bindings wrongFixed = Fixtures.shallowBindings(2, 4, 10, 1).set("W1", new DMatrixRMaj(4, 3));
        assertEquals(message(() -> interpreter.run(wrongFixed)), message(() -> compiled.run(wrongFixed)));
        Bindings explicit = Fixtures.shallowBindings(2, 4, 10, 1).size("m", 9);
        assertEquals(message(() -> interpreter.run(explicit)), message(() -> compiled.run(explicit)));
        Bindings empty = Fixtures.shallowBindings(2, 4, 10, 1)
                .set("X", new DMatrixRMaj(2, 0)).set("Y", new DMatrixRMaj(1, 0));
        assertThrows(IllegalArgumentException.class, () -> compiled.run(empty));

        Bindings consistent = Fixtures.shallowBindings(2, 4, 10, 1).size("m", 10);
        Map<Node, DMatrixRMaj> expected = Fixtures.copy(interpreter.run(consistent));
        Results actual = compiled.run(consistent);
        Results again = compiled.run(good);
        for (Node n : outputs) {
            assertArrayEquals(expected.get(n).data, java.util.Arrays.copyOf(actual.get(n).data,
                    expected.get(n).getNumElements()), n.label());
            assertEquals(expected.get(n).numCols, again.get(n).numCols, n.label());
        }
    }

    private static String message(Runnable r) {
        return assertThrows(GraphException.class, r::run).getMessage();
    }

    @Test
    void backendCompiledIsRegistered() {
        Backend backend = Backend.compiled();
        assertEquals("compiled", backend.name());
        assertInstanceOf(CompiledBackend.class, backend);
        ShallowNetwork net = new ShallowNetwork(2, 4);
        assertInstanceOf(CompiledGraph.class, backend.compile(List.of(net.J)));
    }

    @Test
    void withoutACompilerFallsBackToTheInterpreterWithOneLineWarning() {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Executable e = CompiledGraph.compile(List.of(net.J), null,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertInstanceOf(Interpreter.class, e);
        String warning = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, warning.lines().count(), warning);
        assertTrue(warning.contains("no Java compiler") && warning.contains("interpreter"), warning);
        assertEquals(Interpreter.of(net.J).run(Fixtures.shallowBindings(2, 4, 5, 1)).scalar(net.J),
                e.run(Fixtures.shallowBindings(2, 4, 5, 1)).scalar(net.J));
    }

    @Test
    void compilingTheSameGraphAgainReusesTheClass() {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        CompiledGraph a = (CompiledGraph) CompiledGraph.compile(Fixtures.trainingOutputs(net));
        long start = System.nanoTime();
        CompiledGraph b = (CompiledGraph) CompiledGraph.compile(Fixtures.trainingOutputs(new ShallowNetwork(2, 4)));
        assertEquals(a.source(), b.source());
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
    }

    @Test
    void outputsThatAreLeavesConstantsAndViewsAreCopiedOut() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(3, "m"));
        Node b = g.parameter("b", 3, 1);
        Node c = g.constant(new DMatrixRMaj(new double[][] {{1, 2}, {3, 4}, {5, 6}}));
        Node xt = g.transpose(x).named("Xt");
        Node bb = g.broadcastTo(b, Shape.of(3, "m"));
        Node fill = g.fill(2.5, Shape.of(2, "m"));
        Node inv = g.inverseSize(Shape.of(3, "m").cols());
        Node prod = g.matmul(g.transpose(c), g.add(x, b)).named("P");
        Node prodBroadcast = g.matmul(c, g.broadcastTo(g.transpose(b), Shape.of(2, 3)));
        Node prodFill = g.matmul(fill, xt);
        Node sums = g.add(g.sum(x, 0, false), g.transpose(g.sum(x, 1, false)));
        Bindings bindings = new Bindings().set("X", Fixtures.random(new Random(1), 3, 6, 1))
                .set("b", Fixtures.random(new Random(2), 3, 1, 1));
        assertBitIdentical(List.of(x, b, c, xt, bb, fill, inv, prod, prodBroadcast, prodFill, sums, g.sum(xt, 0, true)),
                bindings);
    }

    /**
     * An activation {@code A = tanh(Z + b)} is staged in place, in A's array, also when the loop
     * stores Z too (the rest of the body recomputes it); a loop that calls PortableMath twice stages
     * through scratch arrays. Every variant keeps the interpreter's bits, on a width that takes two
     * chunks.
     */
    @Test
    void activationsStagedInPlaceOrThroughScratchArraysAreBitIdentical() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(3, "m"));
        Node b = g.parameter("b", 3, 1);
        Node z = g.add(g.mul(g.constant(2), x), b).named("Z");
        Node a = g.tanh(z).named("A");
        Node both = g.mul(z, g.exp(a)).named("B");
        Bindings bindings = new Bindings().set("X", Fixtures.random(new Random(8), 3, 300, 2))
                .set("b", Fixtures.random(new Random(9), 3, 1, 1));
        String inPlace = "PortableMath.tanh(A, i * m + from, count)";
        for (List<Node> outputs : List.of(List.of(a), List.of(a, z), List.of(a, both))) {
            String source = ((CompiledGraph) CompiledGraph.compile(outputs)).source();
            assertEquals(!outputs.contains(both), source.contains(inPlace), source);
            assertBitIdentical(outputs, bindings);
        }
    }

    /**
     * Loops whose sums run along rows take four rows at a time, then the remaining rows one by one:
     * 3 rows (no group), 4, 7 and 9 (groups and a remainder), row sums feeding a per-row epilogue with locals of its
     * own, and elementwise outputs stored beside them, all with the interpreter's bits.
     */
    @Test
    void rowSumsTakenFourRowsAtATimeAreBitIdentical() {
        for (int rows : new int[] {3, 4, 7, 9}) {
            Graph g = new Graph();
            Node x = g.input("X", Shape.of(rows, "m"));
            Node b = g.parameter("b", rows, 1);
            Node t = g.relu(g.add(x, b)).named("T"); // no PortableMath call: a loop that stages calls goes row by row
            Node d = g.mul(t, g.sub(g.constant(1), g.square(t))).named("D");
            Node rowMean = g.mean(d, 1, true);
            Node epilogue = g.div(g.add(rowMean, b), g.sqrt(g.add(g.square(b), g.constant(1)))).named("E");
            Bindings bindings = new Bindings().set("X", Fixtures.random(new Random(rows), rows, 37, 2))
                    .set("b", Fixtures.random(new Random(rows + 1), rows, 1, 1));
            List<Node> outputs = List.of(d, epilogue, g.sum(d, 1, false));
            assertBitIdentical(outputs, bindings);
            String source = ((CompiledGraph) CompiledGraph.compile(outputs)).source();
            assertEquals(rows >= 4, source.contains("i += 4"), source);
        }
    }

    @Test
    void everySumAxisAndKeepdims() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(4, "m"));
        Node t = g.tanh(x);
        Bindings bindings = new Bindings().set("X", Fixtures.random(new Random(5), 4, 9, 3));
        assertBitIdentical(List.of(g.sum(t, 0, true), g.sum(t, 0, false), g.sum(t, 1, true), g.sum(t, 1, false),
                g.sum(t), g.mean(t), g.mean(t, 1, true), g.sum(g.transpose(t), 0, true), g.sum(g.transpose(t), 1, false),
                g.sum(g.sum(t, 1, true), 0, true), g.sum(g.transpose(g.sum(t, 0, true)), 0, true)), bindings);
    }

    /**
     * Large matrix-vector products (the logistic-regression shapes, scaled down: 3000·120 = 360K
     * multiply-adds, above the kernel's 256K) take the kernel's
     * wide order whether the matrix is passed as it is, transposed by flag (generated code) or read in
     * place by the interpreter; a transpose that is also an output is still a copy.
     */
    @Test
    void largeMatrixVectorProductsAndTheirTransposesAreBitIdentical() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(3000, "m"));
        Node w = g.parameter("w", 3000, 1);
        Node y = g.input("Y", Shape.of(1, "m"));
        Node z = g.matmul(g.transpose(w), x).named("Z");
        Node cost = g.mean(g.binaryCrossEntropy(g.sigmoid(z), y)).named("J");
        var grads = g.gradients(cost, w);
        Node v = g.parameter("v", 3000, 1);
        Node xt = g.transpose(x).named("Xt");
        Node xtv = g.matmul(xt, v).named("XtV");
        Bindings bindings = new Bindings().set("X", Fixtures.random(new Random(3), 3000, 120, 1))
                .set("w", Fixtures.random(new Random(4), 3000, 1, 0.01))
                .set("v", Fixtures.random(new Random(5), 3000, 1, 1))
                .set("Y", Fixtures.random(new Random(6), 1, 120, 1));
        assertBitIdentical(List.of(cost, grads.of(w), xtv), bindings);
        assertBitIdentical(List.of(cost, grads.of(w), xtv, xt), bindings);
    }

    @Test
    void scalarOnlyGraph() {
        Graph g = new Graph();
        Node a = g.parameter("a", 1, 1);
        Node b = g.parameter("b", 1, 1);
        Node y = g.mul(g.exp(a), g.sigmoid(b)).named("y");
        var grads = g.gradients(y, a, b);
        Bindings bindings = new Bindings().set("a", new DMatrixRMaj(new double[][] {{0.3}}))
                .set("b", new DMatrixRMaj(new double[][] {{-1.2}}));
        assertBitIdentical(List.of(y, grads.of(a), grads.of(b)), bindings);
    }
}
