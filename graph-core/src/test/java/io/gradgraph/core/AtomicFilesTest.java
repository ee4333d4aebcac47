package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails part way leaves the old file as it was and no temporary file behind. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    /** A stream that fails like a full disk once {@code limit} bytes have gone through. */
    static final class FailingStream extends FilterOutputStream {
        private long left;

        FailingStream(OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                out.write(b, off, (int) left);
                left = 0;
                throw new IOException("File too large");
            }
            left -= len;
            out.write(b, off, len);
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.bin");
        AtomicFiles.writeString(file, "the good old content");
        byte[] big = new byte[1 << 20];
        IOException e = assertThrows(IOException.class,
                () -> AtomicFiles.write(file, out -> new FailingStream(out, 100_000).write(big)));
        assertEquals("File too large", e.getMessage());
        assertEquals("the good old content", Files.readString(file));
        assertEquals(List.of(file), files());
    }

    @Test
    void aFailingContentLeavesNoNewFile() {
        Path file = dir.resolve("new.bin");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[10_000]);
            throw new IllegalStateException("a bug in the writer");
        }));
        assertTrue(files().isEmpty(), files().toString());
    }

    @Test
    void aSuccessfulWriteReplacesTheFile() throws IOException {
        Path file = dir.resolve("a.txt");
        AtomicFiles.writeString(file, "one");
        AtomicFiles.write(file, out -> out.write("two".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
        assertEquals(List.of(file), files());
    }

    @Test
    void aDirectoryOrAMissingParentIsNamed() {
        IOException directory = assertThrows(IOException.class, () -> AtomicFiles.writeString(dir, "x"));
        assertEquals("cannot write " + dir + ": it is a directory", directory.getMessage());
        Path orphan = dir.resolve("missing").resolve("x.txt");
        IOException missing = assertThrows(IOException.class, () -> AtomicFiles.writeString(orphan, "x"));
        assertEquals("cannot write " + orphan + ": directory " + orphan.getParent() + " does not exist",
                missing.getMessage());
    }

    private List<Path> files() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
