package io.gradgraph.core;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that it is either entirely the new content or still the old file: the content
 * goes to a temporary file in the same directory, which is flushed to disk and then moved over the
 * target in one atomic rename. A write that fails part way (a full disk, "File too large", an
 * exception in the content) deletes the temporary file and leaves any existing file untouched.
 * Used for saved parameters ({@code .npz}), plots and generated sources.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("params.npz"), out -> Npy.write(out, w1));
 * }</pre>
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces (or creates) {@code file} with what {@code content} writes, atomically. The parent
     * directory must exist.
     *
     * @throws IOException if the file cannot be written (the message names it); the old file, if
     *     any, is then unchanged
     */
    public static void write(Path file, Content content) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        Path target = file.toAbsolutePath();
        if (Files.isSymbolicLink(target)) {
            target = target.toRealPath(); // replace what the link points to, not the link
        }
        if (Files.isDirectory(target)) {
            throw new IOException("cannot write " + file + ": it is a directory");
        }
        Path directory = target.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IOException("cannot write " + file + ": directory " + directory + " does not exist");
        }
        Path temporary = directory.resolve("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /** {@link #write} of a UTF-8 string. */
    public static void writeString(Path file, String text) throws IOException {
        Objects.requireNonNull(text, "text");
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
