package io.gradgraph.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.core.Backend;
import io.gradgraph.core.GraphException;
import io.gradgraph.core.ShallowNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With graph-codegen on the class path, the preferred backend is generated code unless the property says otherwise. */
class PreferredBackendTest {

    @AfterEach
    void clear() {
        System.clearProperty("gradgraph.backend");
    }

    @Test
    void generatedCodeIsTheDefault() {
        Backend preferred = Backend.preferred();
        assertEquals("compiled", preferred.name());
        ShallowNetwork net = new ShallowNetwork(2, 4);
        assertInstanceOf(CompiledGraph.class, preferred.compile(Fixtures.trainingOutputs(net)));
    }

    @Test
    void thePropertyChoosesTheInterpreterOrRefusesAnUnknownName() {
        System.setProperty("gradgraph.backend", "interpreter");
        assertEquals("interpreter", Backend.preferred().name());
        System.setProperty("gradgraph.backend", "compiled");
        assertEquals("compiled", Backend.preferred().name());
        System.setProperty("gradgraph.backend", "fast");
        GraphException e = assertThrows(GraphException.class, Backend::preferred);
        assertTrue(e.getMessage().contains("'compiled' or 'interpreter', not 'fast'"), e.getMessage());
    }
}
