package io.gradgraph.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every file is written by the test itself with jhdf; no h5py, no committed HDF5 files. */
class Hdf5DatasetTest {
    private static final DatasetCreationOptions UINT8 = DatasetCreationOptions.builder().unsigned().build();

    @TempDir
    Path dir;

    private Path write(String name, Consumer<WritableGroup> content) {
        Path file = dir.resolve(name);
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            content.accept(hdf);
        }
        return file;
    }

    /** Picture i, pixel (r, c), channel k holds (37 i + 11 r + 5 c + k) mod 256, covering 0 .. 255. */
    private static int pixel(int i, int r, int c, int k) {
        return (37 * i + 11 * r + 5 * c + k) % 256;
    }

    /** m pictures of 4×4 RGB uint8, shaped (m, 4, 4, 3) like the course's (209, 64, 64, 3). */
    private static byte[][][][] pictures(int m) {
        byte[][][][] x = new byte[m][4][4][3];
        for (int i = 0; i < m; i++) {
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    for (int k = 0; k < 3; k++) {
                        x[i][r][c][k] = (byte) pixel(i, r, c, k);
                    }
                }
            }
        }
        return x;
    }

    private Path catFile(String name, String prefix, int m) {
        long[] labels = new long[m];
        for (int i = 0; i < m; i++) {
            labels[i] = i % 3 == 0 ? 1 : 0;
        }
        return write(name, h -> {
            h.putDataset(prefix + "_set_x", pictures(m), UINT8);
            h.putDataset(prefix + "_set_y", labels);
            h.putDataset("list_classes", new String[] {"non-cat", "cat"});
        });
    }

    @Test
    void catTrainFlattensLikeReshapeTransposeAndDividesBy255() {
        int m = 9;
        Dataset d = Hdf5Dataset.loadCatTrain(catFile("train_catvnoncat.h5", "train", m));
        assertEquals(48, d.features());
        assertEquals(m, d.examples());
        assertEquals(List.of("non-cat", "cat"), d.classes());
        for (int i = 0; i < m; i++) {
            // x_orig.reshape(m, -1).T: feature k of example i is x_orig[i].flat[k], C order over (r, c, k)
            int feature = 0;
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    for (int k = 0; k < 3; k++) {
                        assertEquals(pixel(i, r, c, k) / 255.0, d.x().get(feature++, i), "example " + i);
                    }
                }
            }
            assertEquals(i % 3 == 0 ? 1.0 : 0.0, d.y().get(0, i));
        }
        // reprs from numpy 2.4.6 of np.uint8(v) / 255. for v = 33, 128, 255; 33 is the first value for
        // which v / 255. and v * (1 / 255.) differ (...237 vs ...234), so this pins the division
        assertEquals(33, pixel(0, 3, 0, 0));
        assertEquals(0.12941176470588237, d.x().get(feature(3, 0, 0), 0));
        assertEquals(128, pixel(3, 1, 1, 1));
        assertEquals(0.5019607843137255, d.x().get(feature(1, 1, 1), 3));
        assertEquals(255, pixel(6, 3, 0, 0));
        assertEquals(1.0, d.x().get(feature(3, 0, 0), 6));
    }

    /** Index of (r, c, k) in a flattened 4×4×3 picture. */
    private static int feature(int r, int c, int k) {
        return (r * 4 + c) * 3 + k;
    }

    @Test
    void catTestUsesTheTestKeys() {
        Dataset d = Hdf5Dataset.loadCatTest(catFile("test_catvnoncat.h5", "test", 4));
        assertEquals(4, d.examples());
        assertEquals(48, d.features());
        assertEquals(pixel(3, 1, 2, 1) / 255.0, d.x().get(feature(1, 2, 1), 3));
        assertEquals(List.of("non-cat", "cat"), d.classes());
    }

    @Test
    void genericLoadKeepsValuesUnscaledAndAcceptsAnyNumericType() {
        Path file = write("mixed.h5", h -> {
            h.putDataset("x_f64", new double[][] {{1.5, 2.5}, {3.5, 4.5}, {5.5, 6.5}}); // 3 examples, 2 features
            h.putDataset("x_f32", new float[][] {{0.25f}, {0.5f}, {0.75f}});
            h.putDataset("x_i32", new int[] {-7, 8, 9});                                 // rank 1: 1 feature
            h.putDataset("x_i16", new short[][] {{-1, 2}, {3, -4}, {5, 6}});
            h.putDataset("y_i8", new byte[] {1, 0, 1});
            h.putDataset("y_f64_row", new double[][] {{0, 1, 2}});                      // (1, m)
            h.putDataset("y_i64_col", new long[][] {{2}, {1}, {0}});                    // (m, 1)
        });
        Dataset d = Hdf5Dataset.load(file, "x_f64", "y_i8");
        assertEquals(new Dataset(new DMatrixRMaj(new double[][] {{1.5, 3.5, 5.5}, {2.5, 4.5, 6.5}}),
                new DMatrixRMaj(new double[][] {{1, 0, 1}})), d);
        assertEquals(List.of(), d.classes());
        assertEquals(0.75, Hdf5Dataset.load(file, "x_f32", "y_f64_row", 3).x().get(0, 2));
        Dataset ints = Hdf5Dataset.load(file, "x_i32", "y_i64_col", 3);
        assertEquals(1, ints.features());
        assertEquals(-7.0, ints.x().get(0, 0));
        assertEquals(9.0, ints.x().get(0, 2));
        assertEquals(2.0, ints.y().get(0, 0));
        assertEquals(-4.0, Hdf5Dataset.load(file, "x_i16", "y_i8").x().get(1, 1));
    }

    @Test
    void chunkedCompressedAndNestedDatasetsLoad() {
        DatasetCreationOptions gzip = DatasetCreationOptions.builder().chunkDimensions(2, 4, 4, 3).shuffle().deflate().unsigned().build();
        Path file = write("chunked.h5", h -> {
            WritableGroup g = h.putGroup("train");
            g.putDataset("x", pictures(5), gzip);
            g.putDataset("y", new double[] {0, 1, 0, 1, 1});
            g.putDataset("names", new String[] {"a", "b"});
        });
        Dataset d = Hdf5Dataset.load(file, "train/x", "/train/y", "train/names");
        assertEquals(48, d.features());
        assertEquals(5, d.examples());
        assertEquals(pixel(4, 3, 3, 2), d.x().get(feature(3, 3, 2), 4));
        assertEquals(List.of("a", "b"), d.classes());
    }

    @Test
    void missingFileIsReported() {
        Path missing = dir.resolve("nope.h5");
        DatasetException e = assertThrows(DatasetException.class, () -> Hdf5Dataset.loadCatTrain(missing));
        assertTrue(e.getMessage().startsWith("HDF5 file not found: ") && e.getMessage().contains("nope.h5"), e.getMessage());
    }

    @Test
    void nonHdf5FileIsReported() throws IOException {
        Path text = Files.writeString(dir.resolve("text.h5"), "this is not HDF5\n");
        DatasetException e = assertThrows(DatasetException.class, () -> Hdf5Dataset.load(text, "x", "y"));
        assertTrue(e.getMessage().contains("text.h5") && e.getMessage().contains("cannot read HDF5 file"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void missingKeyListsTheDatasetsThereAre() {
        Path file = catFile("train.h5", "train", 2);
        DatasetException e = assertThrows(DatasetException.class, () -> Hdf5Dataset.loadCatTest(file));
        assertEquals(file + ": 'test_set_x': no such dataset; the file has datasets [list_classes, train_set_x, train_set_y]",
                e.getMessage());
        DatasetException classes = assertThrows(DatasetException.class,
                () -> Hdf5Dataset.load(file, "train_set_x", "train_set_y", "classes"));
        assertTrue(classes.getMessage().contains("'classes': no such dataset"), classes.getMessage());
    }

    @Test
    void groupInsteadOfDatasetIsReported() {
        Path file = write("group.h5", h -> {
            h.putGroup("x").putDataset("inner", new double[] {1});
            h.putDataset("y", new double[] {1});
        });
        DatasetException e = assertThrows(DatasetException.class, () -> Hdf5Dataset.load(file, "x", "y"));
        assertTrue(e.getMessage().contains("'x': is a group, not a dataset") && e.getMessage().contains("x/inner"),
                e.getMessage());
    }

    @Test
    void nonNumericFeaturesAreReported() {
        Path file = write("strings.h5", h -> {
            h.putDataset("x", new String[] {"a", "b"});
            h.putDataset("y", new double[] {0, 1});
        });
        DatasetException e = assertThrows(DatasetException.class, () -> Hdf5Dataset.load(file, "x", "y"));
        assertTrue(e.getMessage().contains("'x': is not numeric"), e.getMessage());
    }

    @Test
    void nonStringClassNamesAreReported() {
        Path file = write("classes.h5", h -> {
            h.putDataset("x", new double[] {1, 2});
            h.putDataset("y", new double[] {0, 1});
            h.putDataset("c", new int[] {0, 1});
        });
        DatasetException e = assertThrows(DatasetException.class, () -> Hdf5Dataset.load(file, "x", "y", "c"));
        assertTrue(e.getMessage().contains("'c': class names must be a 1-D string dataset"), e.getMessage());
    }

    @Test
    void labelShapesThatDoNotMatchTheExamplesAreReported() {
        Path file = write("shapes.h5", h -> {
            h.putDataset("x", new double[][] {{1, 2}, {3, 4}, {5, 6}});
            h.putDataset("y_short", new double[] {0, 1});
            h.putDataset("y_wide", new double[][] {{0, 1, 0}, {1, 0, 1}});
        });
        DatasetException shortY = assertThrows(DatasetException.class, () -> Hdf5Dataset.load(file, "x", "y_short"));
        assertEquals(file + ": 'y_short': labels have shape (2,), expected (3,), (1, 3) or (3, 1)"
                + " to match the 3 examples of 'x' (3, 2)", shortY.getMessage());
        DatasetException wide = assertThrows(DatasetException.class, () -> Hdf5Dataset.load(file, "x", "y_wide"));
        assertTrue(wide.getMessage().contains("labels have shape (2, 3)"), wide.getMessage());
    }

    @Test
    void scalarFeaturesAreReported() {
        Path file = write("scalar.h5", h -> {
            h.putDataset("x", 3.0);
            h.putDataset("y", new double[] {1});
        });
        DatasetException e = assertThrows(DatasetException.class, () -> Hdf5Dataset.load(file, "x", "y"));
        assertTrue(e.getMessage().contains("'x': features must have an examples axis first"), e.getMessage());
    }

    @Test
    void nonFiniteValuesAreRefusedNamingKeyAndIndex() {
        double[][][] x = new double[3][2][2];
        x[2][1][0] = Double.NaN;
        Path nan = write("nan.h5", h -> {
            h.putDataset("x", x);
            h.putDataset("y", new double[] {0, 1, 0});
        });
        assertEquals(nan + ": 'x': NaN at [2, 1, 0]; data must be finite (no NaN or infinity)",
                assertThrows(DatasetException.class, () -> Hdf5Dataset.load(nan, "x", "y")).getMessage());
        Path inf = write("inf.h5", h -> {
            h.putDataset("x", new double[] {1, 2, 3});
            h.putDataset("y", new double[] {0, Double.POSITIVE_INFINITY, 0});
        });
        assertEquals(inf + ": 'y': Infinity at [1]; data must be finite (no NaN or infinity)",
                assertThrows(DatasetException.class, () -> Hdf5Dataset.load(inf, "x", "y")).getMessage());
    }

    @Test
    void labelsThatAreNotClassesAreRefused() {
        Path file = write("labels.h5", h -> {
            h.putDataset("x", new double[] {1, 2, 3, 4});
            h.putDataset("y", new long[] {0, 1, 7, 2});
            h.putDataset("names", new String[] {"a", "b", "c", "d", "e", "f", "g", "h"});
        });
        assertEquals(file + ": 'y': label 7 at [2] is not a class; labels must be 0 or 1",
                assertThrows(DatasetException.class, () -> Hdf5Dataset.load(file, "x", "y")).getMessage());
        assertEquals(file + ": 'y': label 7 at [2] is not a class; labels must be the integers 0 to 4 (5 classes)",
                assertThrows(DatasetException.class, () -> Hdf5Dataset.load(file, "x", "y", 5)).getMessage());
        assertEquals(4, Hdf5Dataset.load(file, "x", "y", 10).examples());
        assertEquals(4, Hdf5Dataset.load(file, "x", "y", "names").examples(), "8 class names: labels 0 to 7");
        assertThrows(IllegalArgumentException.class, () -> Hdf5Dataset.load(file, "x", "y", 1));
    }

    @Test
    void aCorruptSuperblockIsOneClearLine() throws IOException {
        Path good = catFile("good.h5", "train", 3);
        byte[] bytes = Files.readAllBytes(good);
        for (int at : new int[] {9, 10, -1}) { // the sizes of offsets and of lengths; -1: the file cut short
            byte[] bad = at < 0 ? java.util.Arrays.copyOf(bytes, bytes.length / 2) : bytes.clone();
            if (at >= 0) {
                bad[at] = 0;
            }
            Path file = dir.resolve("corrupt" + at + ".h5");
            Files.write(file, bad);
            DatasetException e = assertThrows(DatasetException.class, () -> Hdf5Dataset.loadCatTrain(file), "byte " + at);
            assertTrue(e.getMessage().startsWith(file + ": cannot read HDF5 file")
                    || e.getMessage().startsWith(file + ": 'train_set_x': cannot read its data"), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void aDirectoryOrADeviceIsNamedForWhatItIs() {
        assertEquals(dir + ": is a directory, not an HDF5 file",
                assertThrows(DatasetException.class, () -> Hdf5Dataset.load(dir, "x", "y")).getMessage());
        Path devNull = Path.of("/dev/null");
        if (Files.exists(devNull)) {
            assertEquals(devNull + ": is not a regular file (a device or a pipe), not an HDF5 file",
                    assertThrows(DatasetException.class, () -> Hdf5Dataset.load(devNull, "x", "y")).getMessage());
        }
    }

    /**
     * A dataset declared but never written (h5py's {@code create_dataset} without data): its
     * storage address is HDF5's undefined address. Made here by patching a jhdf-written file (and
     * its object header's checksum).
     */
    @Test
    void aDatasetDeclaredButNeverWrittenIsNamed() throws IOException {
        Path file = write("unwritten.h5", h -> {
            h.putDataset("x", new double[] {1, 2, 3});
            h.putDataset("y", new double[] {0, 1, 0});
        });
        long address;
        try (HdfFile hdf = new HdfFile(file)) {
            address = ((io.jhdf.api.dataset.ContiguousDataset) hdf.getDatasetByPath("x")).getDataAddress();
        }
        byte[] bytes = Files.readAllBytes(file);
        byte[] layout = java.nio.ByteBuffer.allocate(10).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put((byte) 3).put((byte) 1).putLong(address).array(); // layout message v3, contiguous, address
        int at = indexOf(bytes, layout, 0);
        assertTrue(at > 0 && indexOf(bytes, layout, at + 1) < 0, "one contiguous layout message at " + address);
        java.util.Arrays.fill(bytes, at + 2, at + 10, (byte) 0xFF);
        int header = lastIndexOf(bytes, "OHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII), at);
        int flags = bytes[header + 5];
        int sizeAt = header + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
        int width = 1 << (flags & 3);
        long chunk = 0;
        for (int b = width - 1; b >= 0; b--) {
            chunk = (chunk << 8) | (bytes[sizeAt + b] & 0xFF);
        }
        int checksumAt = (int) (sizeAt + width + chunk);
        int checksum = io.jhdf.checksum.ChecksumUtils.checksum(java.util.Arrays.copyOfRange(bytes, header, checksumAt));
        java.nio.ByteBuffer.wrap(bytes, checksumAt, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(checksum);
        Path unwritten = dir.resolve("declared.h5");
        Files.write(unwritten, bytes);
        DatasetException e = assertThrows(DatasetException.class, () -> Hdf5Dataset.load(unwritten, "x", "y"));
        assertEquals(unwritten + ": 'x': declared (shape (3,)) but its data were never written", e.getMessage());
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        for (int i = from; i + pattern.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] bytes, byte[] pattern, int before) {
        for (int i = before - pattern.length; i >= 0; i--) {
            if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }
}
