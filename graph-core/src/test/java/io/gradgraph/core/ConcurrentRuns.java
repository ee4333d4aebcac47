package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;

/**
 * Many threads running one shared {@link Executable} on different bindings: every result must be
 * bit for bit the one a single thread computes, and stay so after all later runs. Used by the
 * interpreter's and the generated code's tests.
 */
public final class ConcurrentRuns {
    private ConcurrentRuns() {
    }

    /**
     * The course's shallow network (J, its gradients and A2) on binding sets of different batch
     * sizes, one of them large enough for the parallel matrix-product path.
     */
    public record Case(List<Node> outputs, List<Bindings> bindings) {
    }

    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int[] dims : new int[][] {{2, 4}, {64, 32}}) {
            ShallowNetwork net = new ShallowNetwork(dims[0], dims[1]);
            List<Node> outputs = List.of(net.J, net.grads.of(net.W1), net.grads.of(net.b1), net.grads.of(net.W2),
                    net.grads.of(net.b2), net.A2);
            List<Bindings> sets = new ArrayList<>();
            int[] batches = dims[0] == 2 ? new int[] {1, 7, 64, 300, 5, 129} : new int[] {600, 3, 257};
            for (int i = 0; i < batches.length; i++) {
                sets.add(bindings(dims[0], dims[1], batches[i], new Random(100 + i)));
            }
            cases.add(new Case(outputs, sets));
        }
        return cases;
    }

    private static Bindings bindings(int nx, int nh, int m, Random random) {
        DMatrixRMaj y = new DMatrixRMaj(1, m);
        for (int i = 0; i < m; i++) {
            y.data[i] = random.nextBoolean() ? 1 : 0;
        }
        return new Bindings().set("X", randomMatrix(random, nx, m, 2))
                .set("Y", y)
                .set("W1", randomMatrix(random, nh, nx, 0.5))
                .set("b1", randomMatrix(random, nh, 1, 0.1))
                .set("W2", randomMatrix(random, 1, nh, 0.5))
                .set("b2", randomMatrix(random, 1, 1, 0.1));
    }

    /**
     * Runs {@code threads} threads × {@code runs} runs of one executable made by {@code compile},
     * shared by all threads, and checks every result (as soon as it is returned, and again after
     * all runs) against a single-threaded run of a separate executable.
     */
    public static void check(Function<List<Node>, Executable> compile, int threads, int runs) throws Exception {
        for (Case c : cases()) {
            Executable reference = compile.apply(c.outputs());
            List<Map<Node, double[]>> expected = new ArrayList<>();
            for (Bindings b : c.bindings()) {
                expected.add(snapshot(reference.run(b)));
            }
            Executable shared = compile.apply(c.outputs());
            CyclicBarrier start = new CyclicBarrier(threads);
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<List<Results>> kept = new ArrayList<>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                List<Results> mine = new ArrayList<>();
                kept.add(mine);
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < runs; i++) {
                            int set = (thread + i) % c.bindings().size();
                            Results r = shared.run(c.bindings().get(set));
                            compare(expected.get(set), r, "thread " + thread + " run " + i, wrong);
                            mine.add(r);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "concurrent-run-" + t);
                workers.add(worker);
                worker.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            if (!failures.isEmpty()) {
                AssertionError error = new AssertionError(failures.size() + " runs failed");
                failures.forEach(error::addSuppressed);
                throw error;
            }
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < runs; i++) {
                    int set = (t + i) % c.bindings().size();
                    compare(expected.get(set), kept.get(t).get(i), "kept result of thread " + t + " run " + i, wrong);
                }
            }
            assertTrue(wrong.isEmpty(), wrong.size() + " wrong results of " + 2 * threads * runs + ", e.g. "
                    + wrong.stream().limit(3).toList());
            assertEquals(threads * runs, kept.stream().mapToInt(List::size).sum());
        }
    }

    private static Map<Node, double[]> snapshot(Results r) {
        Map<Node, double[]> copy = new java.util.LinkedHashMap<>();
        r.asMap().forEach((n, v) -> copy.put(n, Arrays.copyOf(v.data, v.getNumElements())));
        return copy;
    }

    private static void compare(Map<Node, double[]> expected, Results actual, String where,
            ConcurrentLinkedQueue<String> wrong) {
        expected.forEach((n, values) -> {
            DMatrixRMaj v = actual.get(n);
            if (!Arrays.equals(values, Arrays.copyOf(v.data, v.getNumElements()))) {
                wrong.add(where + ": " + n.label());
            }
        });
    }

    private static DMatrixRMaj randomMatrix(Random random, int rows, int cols, double scale) {
        DMatrixRMaj x = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = scale * (2 * random.nextDouble() - 1);
        }
        return x;
    }
}
