package io.gradgraph.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Bindings;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Gradients;
import io.gradgraph.core.Graph;
import io.gradgraph.core.GraphException;
import io.gradgraph.core.Node;
import io.gradgraph.core.Shape;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Backend} keeps, as tests: extend this class in your test sources and
 * say which backend to test. JUnit runs the {@code @Test} methods and jqwik the {@code @Property}
 * methods (fixed seeds: runs are repeatable).
 *
 * <pre>{@code
 * class MyBackendContractTest extends BackendContract {
 *     @Override
 *     protected Backend backend() {
 *         return new MyBackend();
 *     }
 * }
 * }</pre>
 *
 * <p>The contract: on random graphs over the whole op set, every output (cost, intermediates and
 * gradients) agrees with the interpreter bit for bit, and gradients run on the backend match
 * central differences run on it; an executable computes exactly the requested outputs, in order;
 * one executable serves every batch size; a second run gives the same bits; a run's results stay
 * valid after the next run; an executable shared by threads gives every thread the bits of a lone
 * run (as {@link Executable} promises); and a missing or mis-shaped value is a {@link GraphException}
 * that names it.
 */
public abstract class BackendContract {

    /** The backend under test; called once per test. */
    protected abstract Backend backend();

    @Provide
    Arbitrary<RandomGraphs.Case> contractGraphs() {
        return RandomGraphs.cases();
    }

    @Property(tries = 40, seed = "20261207")
    public void agreesWithTheInterpreterBitForBitOnRandomGraphs(@ForAll("contractGraphs") RandomGraphs.Case c) {
        Gradients grads = c.graph().gradients(c.cost(), c.parameters());
        LinkedHashSet<Node> outputs = new LinkedHashSet<>();
        outputs.add(c.cost());
        outputs.addAll(c.intermediates());
        outputs.addAll(grads.nodes());
        try {
            Agreement.assertAgreesWithInterpreter(backend(), new ArrayList<>(outputs), c.bindings());
        } catch (AssertionError e) {
            throw new AssertionError(c + "\n" + e.getMessage(), e);
        }
    }

    @Property(tries = 12, seed = "20261208")
    public void gradientsOnTheBackendMatchCentralDifferences(@ForAll("contractGraphs") RandomGraphs.Case c) {
        Assume.that(c.differentiable() && c.distanceToKinks() > 1e-3);
        Gradcheck.Report report = Gradcheck.projected().allowingZeroGradients().withBackend(backend())
                .check(c.cost(), c.bindings(), c.parameters());
        assertTrue(report.passed(), () -> c + "\n" + report);
    }

    @Test
    public void anExecutableComputesTheRequestedOutputsInOrder() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node w = g.parameter("W", 3, 2);
        Node z = g.matmul(w, x);
        Node a = g.tanh(z);
        Node j = g.mean(g.square(a));
        List<Node> outputs = List.of(a, j, g.gradients(j, w).of(w));
        Executable executable = backend().compile(outputs);
        assertEquals(outputs, executable.outputs());
        Bindings bindings = bindings(new Random(1), 4).set("W", matrix(new Random(2), 3, 2));
        DMatrixRMaj values = executable.run(bindings).get(a);
        assertEquals(3, values.numRows);
        assertEquals(4, values.numCols);
        Agreement.assertAgreesWithInterpreter(executable, bindings);
    }

    @Test
    public void oneExecutableServesEveryBatchSize() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node w = g.parameter("W", 3, 2);
        Node b = g.parameter("b", 3, 1);
        Node j = g.mean(g.sigmoid(g.add(g.matmul(w, x), b)));
        Gradients grads = g.gradients(j, w, b);
        Executable executable = backend().compile(List.of(j, grads.of(w), grads.of(b)));
        Random random = new Random(3);
        DMatrixRMaj wv = matrix(random, 3, 2);
        DMatrixRMaj bv = matrix(random, 3, 1);
        for (int m : new int[] {1, 7, 3, 64, 2}) {
            Bindings bindings = bindings(random, m).set("W", wv).set("b", bv);
            Agreement.assertAgreesWithInterpreter(executable, bindings);
        }
    }

    @Test
    public void aSecondRunGivesTheSameBits() {
        RandomGraphs.Case c = RandomGraphs.build(11);
        Executable executable = backend().compile(List.of(c.cost()));
        double first = executable.run(c.bindings()).scalar(c.cost());
        double second = executable.run(c.bindings()).scalar(c.cost());
        assertEquals(Double.doubleToLongBits(first), Double.doubleToLongBits(second), first + " then " + second);
    }

    @Test
    public void resultsOfARunStayValidAfterTheNextRun() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node w = g.parameter("W", 3, 2);
        Node a = g.tanh(g.matmul(w, x));
        Executable executable = backend().compile(List.of(a));
        Random random = new Random(7);
        Bindings first = bindings(random, 3).set("W", matrix(random, 3, 2));
        Bindings second = bindings(random, 5).set("W", matrix(random, 3, 2));
        DMatrixRMaj kept = executable.run(first).get(a);
        double[] bits = kept.data.clone();
        executable.run(second);
        assertEquals(3, kept.numCols, "the first run's result keeps its shape");
        for (int i = 0; i < bits.length; i++) {
            assertEquals(Double.doubleToLongBits(bits[i]), Double.doubleToLongBits(kept.data[i]),
                    "entry " + i + " of the first run's result changed when the executable ran again");
        }
    }

    /** Executables are shared by threads: every run gives the bits a lone run gives, or the test fails. */
    @Test
    public void anExecutableSharedByThreadsGivesEveryThreadTheInterpretersBits() throws Exception {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(3, "m"));
        Node w = g.parameter("W", 4, 3);
        Node b = g.parameter("b", 4, 1);
        Node j = g.mean(g.square(g.tanh(g.add(g.matmul(w, x), b))));
        Gradients grads = g.gradients(j, w, b);
        List<Node> outputs = List.of(j, grads.of(w), grads.of(b));
        Executable executable = backend().compile(outputs);
        Random random = new Random(8);
        List<Bindings> points = new ArrayList<>();
        List<List<double[]>> expected = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            Bindings point = new Bindings().set("X", matrix(random, 3, 1 + 13 * k)).set("W", matrix(random, 4, 3))
                    .set("b", matrix(random, 4, 1));
            points.add(point);
            io.gradgraph.core.Results r = io.gradgraph.core.Interpreter.of(outputs).run(point);
            expected.add(outputs.stream().map(n -> r.get(n).data.clone()).toList());
        }
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<List<String>>> futures = new ArrayList<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < 30; i++) {
                        int k = (thread + i) % points.size();
                        io.gradgraph.core.Results r = executable.run(points.get(k));
                        for (int o = 0; o < outputs.size(); o++) {
                            double[] want = expected.get(k).get(o);
                            DMatrixRMaj got = r.get(outputs.get(o));
                            for (int e = 0; e < want.length; e++) {
                                if (got.getNumElements() != want.length
                                        || Double.doubleToLongBits(want[e]) != Double.doubleToLongBits(got.data[e])) {
                                    wrong.add("thread " + thread + ", run " + i + ": " + outputs.get(o).label() + "["
                                            + e + "] is " + (e < got.getNumElements() ? got.data[e] : "missing")
                                            + ", alone " + want[e]);
                                    break;
                                }
                            }
                        }
                    }
                    return wrong;
                }));
            }
            start.countDown();
            List<String> wrong = new ArrayList<>();
            for (java.util.concurrent.Future<List<String>> f : futures) {
                wrong.addAll(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertTrue(wrong.isEmpty(), () -> wrong.size() + " wrong results under sharing, e.g. "
                    + wrong.subList(0, Math.min(5, wrong.size())));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void aMissingValueIsAnErrorNamingIt() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node w = g.parameter("Wmissing", 1, 2);
        Executable executable = backend().compile(List.of(g.matmul(w, x)));
        GraphException e = assertThrows(GraphException.class, () -> executable.run(bindings(new Random(4), 3)));
        assertTrue(e.getMessage().contains("Wmissing"), e.getMessage());
    }

    @Test
    public void aValueOfTheWrongShapeIsAnErrorNamingIt() {
        Graph g = new Graph();
        Node x = g.input("X", Shape.of(2, "m"));
        Node w = g.parameter("Wshape", 1, 2);
        Executable executable = backend().compile(List.of(g.matmul(w, x)));
        Bindings bindings = bindings(new Random(5), 3).set("Wshape", matrix(new Random(6), 2, 1));
        GraphException e = assertThrows(GraphException.class, () -> executable.run(bindings));
        assertTrue(e.getMessage().contains("Wshape"), e.getMessage());
    }

    private static Bindings bindings(Random random, int m) {
        return new Bindings().set("X", matrix(random, 2, m));
    }

    private static DMatrixRMaj matrix(Random random, int rows, int cols) {
        return Domain.REAL.sample(random, rows, cols);
    }
}
