package io.gradgraph.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing lost when a save fails; a damaged or lying archive is named, not a crash. */
class NpySafetyTest {
    @TempDir
    Path dir;

    /** Fails like "File too large" once {@code limit} bytes have gone through. */
    private static OutputStream failingAfter(OutputStream out, long limit) {
        return new FilterOutputStream(out) {
            private long left = limit;

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
        };
    }

    private static Map<String, DMatrixRMaj> params(double scale) {
        Map<String, DMatrixRMaj> p = new LinkedHashMap<>();
        DMatrixRMaj w = new DMatrixRMaj(20, 30);
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] = scale * i;
        }
        p.put("W1", w);
        p.put("b1", new DMatrixRMaj(20, 1));
        return p;
    }

    @Test
    void aSaveThatFailsPartWayLeavesTheOldArchive() throws IOException {
        Path file = dir.resolve("params.npz");
        Npy.writeNpz(file, params(1));
        byte[] before = Files.readAllBytes(file);
        IOException e = assertThrows(IOException.class,
                () -> Npy.writeNpz(file, params(2), out -> failingAfter(out, 3000)));
        assertEquals("File too large", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertArrayEquals(params(1).get("W1").data, Npy.readNpz(file).get("W1").data);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void anEntryNameThatIsAPathIsRefused() {
        for (String name : new String[] {"../evil", "a/b", "a\\b", "..", "."}) {
            Map<String, DMatrixRMaj> arrays = Map.of(name, new DMatrixRMaj(1, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Npy.writeNpz(dir.resolve("x.npz"), arrays));
            assertTrue(e.getMessage().startsWith("npz array name '" + name + "' is not a plain name"), e.getMessage());
        }
        assertTrue(Files.notExists(dir.resolve("x.npz")));
    }

    @Test
    void aTruncatedArchiveNamesTheFileAndTheEntry() throws IOException {
        Path file = dir.resolve("params.npz");
        Npy.writeNpz(file, params(1));
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.npz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, 2000)); // inside W1's data
        IOException e = assertThrows(IOException.class, () -> Npy.readNpz(cut));
        assertEquals(cut + ": corrupt or truncated .npz archive (entry 'W1.npy'): unexpected EOF", e.getMessage());
    }

    @Test
    void aFlippedBitNamesTheFileAndTheEntry() throws IOException {
        Path file = dir.resolve("params.npz");
        Npy.writeNpz(file, params(1));
        byte[] bytes = Files.readAllBytes(file);
        bytes[1000] ^= 0x10; // a data byte of W1: its CRC no longer matches
        Path flipped = dir.resolve("flipped.npz");
        Files.write(flipped, bytes);
        IOException e = assertThrows(IOException.class, () -> Npy.readNpz(flipped));
        assertTrue(e.getMessage().startsWith(flipped + ": corrupt or truncated .npz archive (entry 'W1.npy')"),
                e.getMessage());
    }

    /** A 2 KB archive whose header claims 16000×16000 (2 GB): refused without allocating it. */
    @Test
    void aHeaderClaimingMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws IOException {
        for (int[] shape : new int[][] {{16000, 16000}, {10000, 10000}}) {
            byte[] header = Npy.header(shape[0], shape[1]);
            byte[] content = ByteBuffer.allocate(header.length + 1600).order(ByteOrder.LITTLE_ENDIAN).put(header).array();
            Path file = dir.resolve("liar" + shape[0] + ".npz");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
                CRC32 crc = new CRC32();
                crc.update(content);
                ZipEntry entry = new ZipEntry("W1.npy");
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(content.length);
                entry.setCompressedSize(content.length);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(content);
                zip.closeEntry();
            }
            assertTrue(Files.size(file) < 2500);
            IOException e = assertThrows(IOException.class, () -> Npy.readNpz(file));
            assertTrue(e.getMessage().startsWith(file + "!W1.npy: "), e.getMessage());
            assertTrue(e.getMessage().contains("(" + shape[0] + ", " + shape[1] + ")"), e.getMessage());
        }
    }

    @Test
    void aDirectoryIsNamedAsOne() {
        IOException e = assertThrows(IOException.class, () -> Npy.readNpz(dir));
        assertEquals(dir + ": is a directory, not an .npz file", e.getMessage());
    }
}
