package io.gradgraph.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.nn.TestFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fixtures under src/test/resources/numpy were written by numpy 2.4.6 with generate.py there (see
 * its README.md); the expected values below are the arrays that script saves.
 */
class NpyTest {
    @TempDir
    Path dir;

    private static DMatrixRMaj m(double[][] rows) {
        return new DMatrixRMaj(rows);
    }

    private static void assertBitsEqual(DMatrixRMaj expected, DMatrixRMaj actual) {
        assertEquals(expected.numRows, actual.numRows, "rows");
        assertEquals(expected.numCols, actual.numCols, "cols");
        for (int i = 0; i < expected.getNumElements(); i++) {
            assertEquals(Double.doubleToRawLongBits(expected.data[i]), Double.doubleToRawLongBits(actual.data[i]),
                    "element " + i + ": expected " + expected.data[i] + " but was " + actual.data[i]);
        }
    }

    private static DMatrixRMaj fixture(String name) throws IOException {
        return Npy.read(TestFiles.resource("numpy/" + name));
    }

    @Test
    void writesExactlyTheBytesNpSaveWrites() throws IOException {
        DMatrixRMaj a = m(new double[][] {{1.5, -2.25, 3.0}, {Math.PI, -0.0, 1e-300}});
        Path file = dir.resolve("a.npy");
        Npy.write(file, a);
        assertArrayEquals(Files.readAllBytes(TestFiles.resource("numpy/f8_2x3.npy")), Files.readAllBytes(file));
    }

    @Test
    void headerIsPaddedTo64BytesLikeNumpys() {
        for (int[] shape : new int[][] {{0, 0}, {1, 1}, {123456789, 7}, {2, 2147483647}, {2147483647, 1}}) {
            byte[] h = Npy.header(shape[0], shape[1]);
            assertEquals(0, h.length % 64, Arrays.toString(shape));
            assertEquals('\n', h[h.length - 1]);
        }
    }

    @Test
    void readsNumpyFloat64() throws IOException {
        assertBitsEqual(m(new double[][] {{1.5, -2.25, 3.0}, {Math.PI, -0.0, 1e-300}}), fixture("f8_2x3.npy"));
    }

    @Test
    void readsOtherDtypesAsDoubles() throws IOException {
        // float32 0.1 widens to 0.10000000149011612, as np.float32(0.1).astype(np.float64) does
        assertBitsEqual(m(new double[][] {{(double) 0.1f, 2.5, -3.0}}), fixture("f4_1d.npy"));
        // 2**53 + 1 rounds to 2**53 like numpy's astype(float64)
        assertBitsEqual(m(new double[][] {{1, -2}, {3, 9007199254740992.0}}), fixture("i8_2x2.npy"));
        assertBitsEqual(m(new double[][] {{-2147483648.0, 0, 7}, {1, 2, 2147483647.0}}), fixture("i4_2x3.npy"));
        assertBitsEqual(m(new double[][] {{0, 128}, {255, 7}}), fixture("u1_2x2.npy"));
    }

    @Test
    void readsFortranOrderBigEndianZeroDimensionalAndEmptyArrays() throws IOException {
        assertBitsEqual(m(new double[][] {{1, 2, 3}, {4, 5, 6}}), fixture("f8_fortran_2x3.npy"));
        assertBitsEqual(m(new double[][] {{0.25, -8.0}}), fixture("f8_bigendian_1x2.npy"));
        assertBitsEqual(m(new double[][] {{42.0}}), fixture("f8_0d.npy"));
        DMatrixRMaj empty = fixture("f8_empty_0x3.npy");
        assertEquals(0, empty.numRows);
        assertEquals(3, empty.numCols);
    }

    @Test
    void unsupportedArraysAreRejectedNamingTheProblem() {
        IOException threeD = assertThrows(IOException.class, () -> fixture("f8_3d.npy"));
        assertTrue(threeD.getMessage().contains("3-D array of shape (2, 2, 2)"), threeD.getMessage());
        IOException complex = assertThrows(IOException.class, () -> fixture("c16_1d.npy"));
        assertTrue(complex.getMessage().contains("unsupported dtype '<c16'"), complex.getMessage());
    }

    @Test
    void malformedFilesAreRejected() throws IOException {
        Path text = Files.writeString(dir.resolve("x.npy"), "hello, world");
        IOException e = assertThrows(IOException.class, () -> Npy.read(text));
        assertTrue(e.getMessage().contains("x.npy: not a .npy file"), e.getMessage());

        byte[] good = Files.readAllBytes(TestFiles.resource("numpy/f8_2x3.npy"));
        Path truncated = Files.write(dir.resolve("t.npy"), Arrays.copyOf(good, good.length - 3));
        IOException t = assertThrows(IOException.class, () -> Npy.read(truncated));
        assertTrue(t.getMessage().contains("truncated .npy data: shape (2, 3) of '<f8' needs 48 bytes"), t.getMessage());

        Path headerCut = Files.write(dir.resolve("h.npy"), Arrays.copyOf(good, 20));
        assertTrue(assertThrows(IOException.class, () -> Npy.read(headerCut)).getMessage().contains("truncated"));

        byte[] v9 = good.clone();
        v9[6] = 9;
        Path version = Files.write(dir.resolve("v.npy"), v9);
        assertTrue(assertThrows(IOException.class, () -> Npy.read(version)).getMessage()
                .contains("unsupported .npy format version 9.0"));
    }

    @Test
    void streamsReadOneArrayAndLeaveTheRest() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DMatrixRMaj a = m(new double[][] {{1, 2}});
        DMatrixRMaj b = m(new double[][] {{3}, {4}});
        Npy.write(out, a);
        Npy.write(out, b);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertBitsEqual(a, Npy.read(in));
        assertBitsEqual(b, Npy.read(in));
        assertEquals(-1, in.read());
    }

    @Test
    void readsNpzFromSavezAndSavezCompressedInArchiveOrder() throws IOException {
        for (String name : new String[] {"savez.npz", "savez_compressed.npz"}) {
            Map<String, DMatrixRMaj> arrays = Npy.readNpz(TestFiles.resource("numpy/" + name));
            assertEquals(List.of("W1", "b1", "v"), List.copyOf(arrays.keySet()), name);
            assertBitsEqual(m(new double[][] {{0.1, 0.2}, {0.3, 0.4}, {0.5, 0.6}}), arrays.get("W1"));
            assertBitsEqual(m(new double[][] {{1}, {2}, {3}}), arrays.get("b1"));
            assertBitsEqual(m(new double[][] {{7, 8, 9}}), arrays.get("v"));
        }
    }

    @Test
    void npzRoundTripKeepsInsertionOrder() throws IOException {
        Map<String, DMatrixRMaj> params = new LinkedHashMap<>();
        params.put("W2", m(new double[][] {{1, 2, 3}}));
        params.put("b2", m(new double[][] {{-0.5}}));
        params.put("W1", new DMatrixRMaj(0, 4));
        params.put("a", m(new double[][] {{Double.NaN, Double.NEGATIVE_INFINITY}}));
        Path file = dir.resolve("params.npz");
        Npy.writeNpz(file, params);
        Map<String, DMatrixRMaj> back = Npy.readNpz(file);
        assertEquals(List.copyOf(params.keySet()), List.copyOf(back.keySet()));
        for (String key : params.keySet()) {
            assertBitsEqual(params.get(key), back.get(key));
        }
        assertThrows(UnsupportedOperationException.class, () -> back.put("x", new DMatrixRMaj(1, 1)));
    }

    @Test
    void emptyNpzRoundTripsAndNonZipIsRejected() throws IOException {
        Path empty = dir.resolve("empty.npz");
        Npy.writeNpz(empty, Map.of());
        assertEquals(Map.of(), Npy.readNpz(empty));
        Path notZip = Files.writeString(dir.resolve("n.npz"), "not a zip");
        assertTrue(assertThrows(IOException.class, () -> Npy.readNpz(notZip)).getMessage().contains("not an .npz"));
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> Npy.writeNpz(dir.resolve("b.npz"), Map.of("", new DMatrixRMaj(1, 1))));
        assertTrue(blank.getMessage().contains("non-empty"));
    }

    @Provide
    Arbitrary<DMatrixRMaj> matrices() {
        Arbitrary<Integer> dim = Arbitraries.integers().between(0, 6);
        return Combinators.combine(dim, dim).flatAs((r, c) -> Arbitraries.doubles()
                .withSpecialValue(Double.NaN).withSpecialValue(-0.0).withSpecialValue(Double.MIN_VALUE)
                .array(double[].class).ofSize(r * c)
                .map(values -> new DMatrixRMaj(r, c, true, values)));
    }

    @Property(tries = 100, seed = "42")
    void npyRoundTripIsBitExact(@ForAll("matrices") DMatrixRMaj a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, a);
        byte[] bytes = out.toByteArray();
        assertEquals(Npy.header(a.numRows, a.numCols).length + 8L * a.getNumElements(), bytes.length);
        assertBitsEqual(a, Npy.read(new ByteArrayInputStream(bytes)));
    }
}
