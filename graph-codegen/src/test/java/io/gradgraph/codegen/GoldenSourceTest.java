package io.gradgraph.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgraph.core.ShallowNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The generated source for the course's shallow network, forward and backward, compared with
 * {@code src/test/resources/golden/ShallowNetwork.java.txt}. After an intended change, regenerate it
 * with {@code mvn -pl graph-codegen test -Dgradgraph.updateGolden=true} and review the diff.
 */
class GoldenSourceTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/ShallowNetwork.java.txt");

    static String shallowNetworkSource() {
        ShallowNetwork net = new ShallowNetwork(2, 4);
        return CodeGenerator.source("io.gradgraph.generated", "ShallowNetwork", Fixtures.trainingOutputs(net));
    }

    @Test
    void shallowNetworkMatchesGoldenFile() throws IOException {
        String source = shallowNetworkSource();
        if (Boolean.getBoolean("gradgraph.updateGolden")) {
            Files.writeString(GOLDEN, source, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), source,
                "generated source changed; if intended, rerun with -Dgradgraph.updateGolden=true and review the diff");
    }

    @Test
    void sameGraphGivesSameBytes() {
        assertEquals(shallowNetworkSource(), shallowNetworkSource());
    }
}
