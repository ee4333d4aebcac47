package io.gradgraph.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Executable;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Node;
import io.gradgraph.core.Results;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class AgreementTest {

    /** The interpreter, with one entry of one output moved by {@code ulps}. */
    record Off(Executable inner, Node node, int index, int ulps) implements Executable {
        public List<Node> outputs() {
            return inner.outputs();
        }

        public Results run(Bindings bindings) {
            Results r = inner.run(bindings);
            DMatrixRMaj v = r.get(node);
            v.data[index] = Double.longBitsToDouble(Double.doubleToLongBits(v.data[index]) + ulps);
            return r;
        }
    }

    @Test
    void oneUlpAnywhereFailsNamingTheEntry() {
        RandomGraphs.Case c = RandomGraphs.build(3);
        Node out = c.intermediates().get(0);
        Executable interpreter = Interpreter.of(c.cost(), out);
        Agreement.assertAgreesWithInterpreter(interpreter, c.bindings());
        AssertionError e = assertThrows(AssertionError.class,
                () -> Agreement.assertAgreesWithInterpreter(new Off(interpreter, out, 0, 1), c.bindings()));
        assertTrue(e.getMessage().contains(out.label() + "[0,0]: "), e.getMessage());
        assertTrue(e.getMessage().contains("(1 ulps)"), e.getMessage());
        assertEquals(1, Agreement.differences(new Off(interpreter, out, 0, 1), c.bindings()).size());
    }
}
