package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Runs the command line in-process and captures what it printed. */
final class Cli {
    private Cli() {
    }

    /** Exit code, stdout and stderr of one run. */
    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        /** The same result with the training times, which vary from run to run, blanked out. */
        Result withoutTimings() {
            // the part before the first cost is printed only when it took 0.2 s or more: a timing too
            return new Result(code, out.replaceAll("Trained in \\d+\\.\\d s( \\(\\d+\\.\\d s of it before [^)]*\\))?",
                    "Trained in _ s"), err);
        }
    }

    /** Runs as if the output were piped: plain lines, no progress bar. */
    static Result run(String... args) {
        return run(false, args);
    }

    static Result run(boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Reads a PNG the command wrote and checks it is a valid image of the plots' size. */
    static BufferedImage png(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            assertNotNull(image, file + " is not an image ImageIO can read");
            assertEquals(Plots.WIDTH, image.getWidth(), file + ": width");
            assertEquals(Plots.HEIGHT, image.getHeight(), file + ": height");
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
