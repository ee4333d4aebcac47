package io.gradgraph.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.ConcurrentRuns;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import io.gradgraph.core.Workspace;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * One compiled executable shared by many threads: each concurrent run uses its own instance of the
 * generated class, so every result has the single-threaded bits; results stay valid after later runs.
 */
class CompiledThreadSafetyTest {
    @Test
    void aSharedCompiledGraphGivesEachThreadExactResults() throws Exception {
        ConcurrentRuns.check(CompiledGraph::compile, 8, 60);
    }

    @Test
    void resultsOfOneRunStayValidAndAWorkspaceReusesItsMatrices() {
        ConcurrentRuns.Case c = ConcurrentRuns.cases().get(0);
        Executable step = CompiledGraph.compile(c.outputs());
        Node cost = c.outputs().get(0);
        Results r1 = step.run(c.bindings().get(1));
        double j1 = r1.scalar(cost);
        double[] dW1 = r1.get(c.outputs().get(1)).data.clone();
        Results r2 = step.run(c.bindings().get(2));
        assertTrue(j1 != r2.scalar(cost));
        assertEquals(j1, r1.scalar(cost));
        assertArrayEquals(dW1, r1.get(c.outputs().get(1)).data);
        assertNotSame(r1.get(cost), r2.get(cost));

        Workspace workspace = step.workspace();
        DMatrixRMaj first = workspace.run(c.bindings().get(1)).get(cost);
        assertEquals(j1, first.data[0]);
        assertSame(first, workspace.run(c.bindings().get(2)).get(cost), "a workspace reuses its matrices");
        assertEquals(r2.scalar(cost), first.data[0]);
    }

    /** Generated code through a workspace and the interpreter agree bit for bit, as through run. */
    @Test
    void aWorkspaceAgreesWithTheInterpreter() {
        for (ConcurrentRuns.Case c : ConcurrentRuns.cases()) {
            Workspace compiled = CompiledGraph.compile(c.outputs()).workspace();
            Interpreter interpreter = Interpreter.of(c.outputs());
            for (Bindings b : c.bindings()) {
                Results expected = interpreter.run(b);
                Results actual = compiled.run(b);
                for (Node n : c.outputs()) {
                    DMatrixRMaj e = expected.get(n);
                    DMatrixRMaj a = actual.get(n);
                    assertArrayEquals(Arrays.copyOf(e.data, e.getNumElements()), Arrays.copyOf(a.data, a.getNumElements()),
                            n.label());
                }
            }
        }
    }
}
