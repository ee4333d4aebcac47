package io.gradgraph.codegen;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.CRC32;

/**
 * Compiled classes of generated source on disk, so that a second run of the same model pays no
 * javac. An entry is the class files of one source and the source itself, in a file named by a
 * 128-bit hash of the source, in a directory per Java runtime and GradGraph build
 * ({@code <dir>/classes/java-25.0.3_gradgraph-0.1.0/…}). An entry is used only if its source is the
 * one asked for, so the hash need not be cryptographic (SHA-256 would load about 90 security classes
 * before the first step: 20–300 ms of start-up).
 *
 * <p>The directory is {@code -Dgradgraph.cache.dir}, else {@code $GRADGRAPH_CACHE_DIR}, else
 * {@code $XDG_CACHE_HOME/gradgraph}, else {@code ~/.cache/gradgraph}; the value {@code off} turns
 * the cache off. Safe under concurrent processes: an entry is written to a temporary file and
 * renamed into place, so readers see a whole entry or none, and two writers of one key write the
 * same bytes. Self-repairing: an entry that cannot be read, fails its checksum or does not define
 * its class is deleted and compiled again. A directory that cannot be written costs one warning line
 * and leaves compilation in memory.
 */
final class ClassCache {
    static final String PROPERTY = "gradgraph.cache.dir";
    static final String ENVIRONMENT = "GRADGRAPH_CACHE_DIR";
    private static final int MAGIC = 0x47474343; // "GGCC"
    private static final int FORMAT = 2;

    private final Path directory; // null: off
    private final PrintStream warnings;
    private boolean warned;

    private ClassCache(Path directory, PrintStream warnings) {
        this.directory = directory;
        this.warnings = warnings;
    }

    /** The cache the system property and environment choose (see the class comment). */
    static ClassCache fromEnvironment() {
        return at(configuredDirectory(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT),
                System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home")), System.err);
    }

    /** A cache whose root is {@code root} (empty: off), warning on {@code warnings}. */
    static ClassCache at(Optional<Path> root, PrintStream warnings) {
        return new ClassCache(root.map(r -> r.resolve("classes").resolve(runtimeKey())).orElse(null), warnings);
    }

    static Optional<Path> configuredDirectory(String property, String environment, String xdgCacheHome, String home) {
        String chosen = property != null && !property.isBlank() ? property
                : environment != null && !environment.isBlank() ? environment : null;
        if (chosen != null) {
            return chosen.trim().equalsIgnoreCase("off") ? Optional.empty() : Optional.of(Path.of(chosen.trim()));
        }
        if (xdgCacheHome != null && !xdgCacheHome.isBlank()) {
            return Optional.of(Path.of(xdgCacheHome, "gradgraph"));
        }
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Path.of(home, ".cache", "gradgraph"));
    }

    boolean enabled() {
        return directory != null;
    }

    /** The directory holding this runtime's entries (empty when the cache is off). */
    Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** The file of the entry for {@code source}. */
    Path entry(String source) {
        return directory.resolve(hash(source) + ".classes");
    }

    /**
     * The class files compiled from {@code source}, by binary name, if a whole entry is there; an
     * entry that is damaged is deleted.
     */
    Optional<Map<String, byte[]>> load(String source) {
        if (directory == null) {
            return Optional.empty();
        }
        Path file = entry(source);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return Optional.empty(); // absent or unreadable: compile
        }
        Entry entry;
        try {
            entry = decode(bytes);
        } catch (IOException | RuntimeException e) {
            discard(source);
            return Optional.empty();
        }
        // another source with the same hash: a miss, and the store after compiling replaces it
        return entry.source().equals(source) ? Optional.of(entry.classes()) : Optional.empty();
    }

    /** Deletes the entry for {@code source} (a damaged one), if it can. */
    void discard(String source) {
        if (directory != null) {
            try {
                Files.deleteIfExists(entry(source));
            } catch (IOException e) {
                // the next store replaces it
            }
        }
    }

    /** Writes the entry for {@code source}; a failure to write is one warning, never an error. */
    void store(String source, Map<String, byte[]> classes) {
        if (directory == null) {
            return;
        }
        Path file = entry(source);
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
            Files.write(temporary, encode(source, classes));
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException | UncheckedIOException | SecurityException e) {
            warnOnce("GradGraph: cannot write the compile cache in " + directory + " (" + e
                    + "); compiling in memory only (set -D" + PROPERTY + "=DIR, or =off)");
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // a stray .tmp file is never read
                }
            }
        }
    }

    private synchronized void warnOnce(String message) {
        if (!warned) {
            warned = true;
            warnings.println(message);
        }
    }

    /** What an entry holds. */
    record Entry(String source, Map<String, byte[]> classes) {
    }

    static byte[] encode(String source, Map<String, byte[]> classes) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buffer);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            byte[] text = source.getBytes(StandardCharsets.UTF_8);
            out.writeInt(text.length);
            out.write(text);
            out.writeInt(classes.size());
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                out.writeUTF(c.getKey());
                out.writeInt(c.getValue().length);
                out.write(c.getValue());
            }
            CRC32 crc = new CRC32();
            crc.update(buffer.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Entry decode(byte[] bytes) throws IOException {
        if (bytes.length < 20) {
            throw new IOException("truncated entry");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        in.skipNBytes(bytes.length - 8);
        if (in.readLong() != crc.getValue()) {
            throw new IOException("checksum mismatch");
        }
        in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8));
        if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
            throw new IOException("not a class cache entry");
        }
        int textLength = in.readInt();
        if (textLength < 0 || textLength > in.available()) {
            throw new IOException("bad source length " + textLength);
        }
        String source = new String(in.readNBytes(textLength), StandardCharsets.UTF_8);
        int count = in.readInt();
        if (count < 1 || count > 10_000) {
            throw new IOException("bad class count " + count);
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            int length = in.readInt();
            if (length < 0 || length > in.available()) {
                throw new IOException("bad class length " + length);
            }
            classes.put(name, in.readNBytes(length));
        }
        if (in.available() != 0) {
            throw new IOException("trailing bytes");
        }
        return new Entry(source, classes);
    }

    /**
     * The Java runtime and the GradGraph build, as a directory name: class files from one JDK may not
     * load on an older one, and generated code links against this build's kernels.
     */
    static String runtimeKey() {
        Properties build = new Properties();
        try (InputStream in = ClassCache.class.getResourceAsStream("gradgraph-build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // unknown build: the key below still separates runtimes
        }
        String version = build.getProperty("version", "unknown");
        String key = "java-" + Runtime.version() + "_gradgraph-" + version;
        if (version.endsWith("-SNAPSHOT") || version.equals("unknown")) {
            key += "-" + build.getProperty("build", "unknown");
        }
        return key.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** 128 bits of two independent 64-bit hashes (FNV-1a and a multiply-xorshift) of the text's chars. */
    static String hash(String text) {
        long fnv = 0xcbf29ce484222325L;
        long mix = 0x9E3779B97F4A7C15L ^ text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            fnv = (fnv ^ c) * 0x100000001b3L;
            mix = (mix ^ c) * 0xff51afd7ed558ccdL;
            mix ^= mix >>> 29;
        }
        mix ^= mix >>> 33;
        mix *= 0xc4ceb9fe1a85ec53L;
        mix ^= mix >>> 33;
        return String.format("%016x%016x", fnv, mix);
    }
}
