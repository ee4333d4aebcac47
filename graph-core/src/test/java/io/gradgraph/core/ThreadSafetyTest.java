package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** A shared interpreter gives every thread the single-threaded bits; a workspace refuses sharing. */
class ThreadSafetyTest {

    @Test
    void aSharedInterpreterGivesEachThreadExactResults() throws Exception {
        ConcurrentRuns.check(Interpreter::of, 8, 60);
    }

    @Test
    void resultsOfOneRunStayValidAfterTheNext() {
        ConcurrentRuns.Case c = ConcurrentRuns.cases().get(0);
        Interpreter run = Interpreter.of(c.outputs());
        Node cost = c.outputs().get(0);
        Results r1 = run.run(c.bindings().get(1));
        double j1 = r1.scalar(cost);
        double[] dW1 = r1.get(c.outputs().get(1)).data.clone();
        Results r2 = run.run(c.bindings().get(2));
        assertTrue(j1 != r2.scalar(cost), "the two binding sets have different costs");
        assertEquals(j1, r1.scalar(cost));
        assertArrayEquals(dW1, r1.get(c.outputs().get(1)).data);
    }

    @Test
    void aWorkspaceRefusesASecondThreadInsteadOfSharingBuffers() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ConcurrentRuns.Case c = ConcurrentRuns.cases().get(0);
        Interpreter interpreter = Interpreter.of(c.outputs());
        Workspace workspace = Workspace.of(interpreter, bindings -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return interpreter.run(bindings);
        });
        AtomicReference<Results> first = new AtomicReference<>();
        Thread holder = new Thread(() -> first.set(workspace.run(c.bindings().get(0))), "workspace-holder");
        holder.start();
        inside.await();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> workspace.run(c.bindings().get(0)));
        assertTrue(e.getMessage().contains("already running on thread 'workspace-holder'"), e.getMessage());
        release.countDown();
        holder.join();
        assertEquals(interpreter.run(c.bindings().get(0)).scalar(c.outputs().get(0)), first.get().scalar(c.outputs().get(0)));
        // free again once the first run is over
        assertEquals(first.get().scalar(c.outputs().get(0)), workspace.run(c.bindings().get(0)).scalar(c.outputs().get(0)));
    }

    @Test
    void aWorkspaceRefusesAReentrantRun() {
        ConcurrentRuns.Case c = ConcurrentRuns.cases().get(0);
        Interpreter interpreter = Interpreter.of(c.outputs());
        AtomicReference<Workspace> self = new AtomicReference<>();
        self.set(Workspace.of(interpreter, bindings -> self.get().run(bindings)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> self.get().run(c.bindings().get(0)));
        assertTrue(e.getMessage().contains("re-entrant"), e.getMessage());
    }

    @Test
    void anInterpreterWorkspaceGivesTheSameBitsAsRun() {
        for (ConcurrentRuns.Case c : ConcurrentRuns.cases()) {
            Interpreter interpreter = Interpreter.of(c.outputs());
            Workspace workspace = interpreter.workspace();
            for (Bindings b : c.bindings()) {
                Results fresh = interpreter.run(b);
                Results reused = workspace.run(b);
                for (Node n : c.outputs()) {
                    DMatrixRMaj expected = fresh.get(n);
                    DMatrixRMaj actual = reused.get(n);
                    assertEquals(expected.numRows, actual.numRows);
                    assertArrayEquals(java.util.Arrays.copyOf(expected.data, expected.getNumElements()),
                            java.util.Arrays.copyOf(actual.data, actual.getNumElements()), n.label());
                }
            }
        }
    }
}
