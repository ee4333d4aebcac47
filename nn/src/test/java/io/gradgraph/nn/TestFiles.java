package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Locates test inputs: the repository's shared test data and this module's test resources. */
public final class TestFiles {
    private TestFiles() {}

    /**
     * {@code shared/testdata/<name>}, found by walking up from the working directory (the module
     * directory under Maven, whose grandparent holds {@code shared/} beside the repository). When
     * it is absent the calling test is skipped, with a message saying what was looked for.
     */
    public static Path sharedTestData(String name) {
        Path start = Path.of("").toAbsolutePath();
        Optional<Path> found = Optional.empty();
        for (Path dir = start; dir != null && found.isEmpty(); dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("testdata").resolve(name);
            if (Files.isRegularFile(candidate)) {
                found = Optional.of(candidate);
            }
        }
        Assumptions.assumeTrue(found.isPresent(),
                "shared/testdata/" + name + " not found in " + start + " or any parent directory; skipping");
        return found.get();
    }

    /** A file under src/test/resources, e.g. {@code "numpy/f8_2x3.npy"}. */
    public static Path resource(String name) {
        URL url = TestFiles.class.getClassLoader().getResource(name);
        assertNotNull(url, "test resource " + name + " is missing");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
