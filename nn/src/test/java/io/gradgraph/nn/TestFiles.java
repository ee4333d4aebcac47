package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates test inputs: this module's test resources. */
public final class TestFiles {
    private TestFiles() {}

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
