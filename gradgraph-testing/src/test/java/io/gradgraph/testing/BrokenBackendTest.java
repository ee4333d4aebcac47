package io.gradgraph.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Backend;
import io.gradgraph.core.Bindings;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The contract's checks fail for backends that break it. */
class BrokenBackendTest {

    /** Results in one buffer per output that every run overwrites. */
    static final class Reusing implements Backend {
        public String name() {
            return "reusing";
        }

        public Executable compile(List<Node> outputs) {
            Interpreter inner = Interpreter.of(outputs);
            Map<Node, DMatrixRMaj> buffers = new LinkedHashMap<>();
            return new Executable() {
                public List<Node> outputs() {
                    return outputs;
                }

                public Results run(Bindings bindings) {
                    Results r = inner.run(bindings);
                    for (Node n : outputs) {
                        buffers.computeIfAbsent(n, k -> new DMatrixRMaj(1, 1)).setTo(r.get(n));
                    }
                    return new Results(buffers);
                }
            };
        }
    }

    /** The interpreter with the sign of every output's first entry flipped. */
    static final class Wrong implements Backend {
        public String name() {
            return "wrong";
        }

        public Executable compile(List<Node> outputs) {
            Interpreter inner = Interpreter.of(outputs);
            return new Executable() {
                public List<Node> outputs() {
                    return outputs;
                }

                public Results run(Bindings bindings) {
                    Results r = inner.run(bindings);
                    outputs.forEach(n -> r.get(n).data[0] = -r.get(n).data[0]);
                    return r;
                }
            };
        }
    }

    private static BackendContract contractFor(Backend backend) {
        return new BackendContract() {
            @Override
            protected Backend backend() {
                return backend;
            }
        };
    }

    @Test
    void resultsOverwrittenByTheNextRunBreakTheContract() {
        AssertionError e = assertThrows(AssertionError.class,
                contractFor(new Reusing())::resultsOfARunStayValidAfterTheNextRun);
        assertTrue(e.getMessage().contains("first run's result"), e.getMessage());
    }

    @Test
    void wrongValuesBreakTheContract() {
        BackendContract contract = contractFor(new Wrong());
        assertThrows(AssertionError.class, contract::oneExecutableServesEveryBatchSize);
        assertThrows(AssertionError.class, contract::anExecutableSharedByThreadsGivesEveryThreadTheInterpretersBits);
        assertThrows(AssertionError.class, () -> contract.agreesWithTheInterpreterBitForBitOnRandomGraphs(
                RandomGraphs.build(1)));
    }
}
