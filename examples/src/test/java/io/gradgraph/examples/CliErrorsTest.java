package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each class of bad input is one line on stderr and exit code 2, before any work is done. */
class CliErrorsTest {
    @TempDir
    Path dir;

    private static void assertOneLine(Cli.Result r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals(expected + "\n", r.err().replace(System.lineSeparator(), "\n"));
        assertEquals("", r.out());
    }

    @Test
    void aRepeatedListOptionIsRefused() {
        assertOneLine(Cli.run("deep", "--layers", "768,5,1", "--layers", "768,3,1", "--out", dir.toString()),
                "deep: --layers was given 2 times (768,5,1 and 768,3,1); give it once; run 'deep --help' for the options");
        assertOneLine(Cli.run("codegen", "--layers=4,1", "--layers=5,1", "--model", "logistic"),
                "codegen: --layers was given 2 times (4,1 and 5,1); give it once; run 'codegen --help' for the options");
    }

    @Test
    void batchZeroAndBatchMinusOneAreRefusedAlike() {
        for (String batch : new String[] {"0", "-1"}) {
            assertOneLine(Cli.run("deep", "--batch", batch, "--out", dir.toString()), "deep: --batch must be at least 1"
                    + " (leave it out for all examples), but was " + batch + "; run 'deep --help' for the options");
        }
    }

    @Test
    void anOutputPathThatIsAFileIsRefusedBeforeTraining() throws IOException {
        Path file = Files.writeString(dir.resolve("taken.png"), "a file");
        assertOneLine(Cli.run("logistic", "--out", file.toString()),
                "logistic: --out " + file + " is an existing file, not a directory");
        assertOneLine(Cli.run("deep", "--out", file.resolve("sub").toString()),
                "deep: --out " + file.resolve("sub") + " is under " + file + ", which is an existing file, not a directory");
    }

    @Test
    void aDirectoryOrADeviceGivenAsDataSaysWhatItIs() {
        assertOneLine(Cli.run("logistic", "--train", dir.toString(), "--test", dir.toString(), "--out", dir.toString()),
                "logistic: " + dir + ": is a directory, not an HDF5 file");
        if (Files.exists(Path.of("/dev/null"))) {
            assertOneLine(Cli.run("deep", "--train", "/dev/null", "--test", "/dev/null", "--out", dir.toString()),
                    "deep: /dev/null: is not a regular file (a device or a pipe), not an HDF5 file");
        }
    }

    @Test
    void aCorruptHdf5FileIsOneLine() throws IOException {
        Path file = Files.write(dir.resolve("train.h5"), new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n',
            2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        Cli.Result r = Cli.run("logistic", "--train", file.toString(), "--test", file.toString(), "--out", dir.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("logistic: " + file + ": cannot read HDF5 file"), r.err());
    }

    @Test
    void sizesThatCannotFitInMemoryAreRefusedBeforeAllocating() {
        Cli.Result examples = Cli.run("gradcheck", "--examples", "100000000");
        assertEquals(2, examples.code(), examples.err());
        assertEquals(1, examples.err().lines().count(), examples.err());
        assertTrue(examples.err().startsWith("gradcheck: --examples 100000000 needs about "), examples.err());
        assertTrue(examples.err().contains("MB this JVM can use"), examples.err());

        Cli.Result layers = Cli.run("codegen", "--model", "deep", "--layers", "12288,100000,1");
        assertEquals(2, layers.code(), layers.err());
        assertEquals(1, layers.err().lines().count(), layers.err());
        assertTrue(layers.err().startsWith("codegen: --layers 12288,100000,1 needs about "), layers.err());
    }
}
