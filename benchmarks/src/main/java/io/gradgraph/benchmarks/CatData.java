package io.gradgraph.benchmarks;

import io.gradgraph.nn.NumpyRandom;
import io.gradgraph.nn.data.Dataset;
import io.gradgraph.nn.data.Hdf5Dataset;
import io.gradgraph.nn.io.Npy;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;

/**
 * The cat-picture data of {@code benchmarks/e2e.sh}, for both sides. With the course's files in a
 * folder it reads them; without, it writes stand-ins with the course's shapes and layout — {@code
 * train_catvnoncat.h5} (209, 64, 64, 3) uint8 and {@code test_catvnoncat.h5} (50, 64, 64, 3), random
 * pixels from numpy's generator (seeds 1 and 2), about a third labelled cat — for GradGraph. Either
 * way it writes the pixels as NumPy reads them without h5py: {@code train_x.npy} (m, 12288) float64
 * pixel values 0–255 in the course's C order, {@code train_y.npy} (1, m), and the same for test, so the
 * NumPy script does the course's {@code reshape(m, -1).T / 255} itself.
 *
 * <pre>
 * java -cp gradgraph-benchmarks.jar io.gradgraph.benchmarks.CatData OUT_DIR [COURSE_DIR]
 * </pre>
 */
public final class CatData {
    private static final int SIDE = 64;

    private CatData() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: CatData OUT_DIR [FOLDER_WITH_THE_COURSE_FILES]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        Path train;
        Path test;
        if (args.length == 2) {
            train = Path.of(args[1], "train_catvnoncat.h5");
            test = Path.of(args[1], "test_catvnoncat.h5");
        } else {
            train = out.resolve("train_catvnoncat.h5");
            test = out.resolve("test_catvnoncat.h5");
            writeH5(train, "train", 209, 1);
            writeH5(test, "test", 50, 2);
        }
        writeNpy(out, "train", Hdf5Dataset.loadCatTrain(train));
        writeNpy(out, "test", Hdf5Dataset.loadCatTest(test));
        System.out.println(train + " " + test);
    }

    private static void writeH5(Path file, String prefix, int m, long seed) throws IOException {
        NumpyRandom random = new NumpyRandom(seed);
        byte[][][][] pixels = new byte[m][SIDE][SIDE][3];
        long[] labels = new long[m];
        for (int i = 0; i < m; i++) {
            labels[i] = random.rand() < 0.35 ? 1 : 0;
            for (byte[][] row : pixels[i]) {
                for (byte[] pixel : row) {
                    for (int k = 0; k < 3; k++) {
                        pixel[k] = (byte) (int) (random.rand() * 256);
                    }
                }
            }
        }
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try (WritableHdfFile hdf = HdfFile.write(temporary)) {
            hdf.putDataset(prefix + "_set_x", pixels, DatasetCreationOptions.builder().unsigned().build());
            hdf.putDataset(prefix + "_set_y", labels);
            hdf.putDataset("list_classes", new String[] {"non-cat", "cat"});
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** X back to the file's (m, features) pixel values, and Y, as .npy. */
    private static void writeNpy(Path out, String prefix, Dataset data) throws IOException {
        DMatrixRMaj x = data.x();
        DMatrixRMaj pixels = new DMatrixRMaj(x.numCols, x.numRows);
        for (int f = 0; f < x.numRows; f++) {
            for (int i = 0; i < x.numCols; i++) {
                pixels.set(i, f, Math.round(x.get(f, i) * 255.0));
            }
        }
        Npy.write(out.resolve(prefix + "_x.npy"), pixels);
        Npy.write(out.resolve(prefix + "_y.npy"), data.y());
    }
}
