package io.gradgraph.examples;

import io.gradgraph.nn.NumpyRandom;
import io.gradgraph.nn.data.Dataset;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * The built-in stand-in for the course's cat pictures, so that {@code logistic} and {@code deep} run
 * without the course's HDF5 files: small RGB pictures in the same layout and scale, made from a
 * seeded {@link NumpyRandom}, so they are the same on every machine.
 *
 * <p>Each picture is {@value #SIDE}×{@value #SIDE}×3 uint8 (the course's are 64×64×3): a smooth
 * background — a random base colour with a random gradient — plus pixel noise. About a third are
 * "cats" (y = 1): an orange disc with two ears and two dark eyes, anywhere in the picture. Most of
 * the others show a distractor, a square of any colour, orange ones included, so the classes are
 * not separable by colour alone. The training set has {@value #TRAIN} pictures (seed 1) and the
 * test set {@value #TEST} (seed 2), as many as the course's. Features are the pixels flattened in C
 * order and divided by 255, exactly as {@code Hdf5Dataset.loadCatTrain} reads the course's files.
 */
final class SyntheticPictures {
    /** Pictures are SIDE × SIDE pixels. */
    static final int SIDE = 16;
    static final int TRAIN = 209;
    static final int TEST = 50;
    static final List<String> CLASSES = List.of("non-cat", "cat");

    private SyntheticPictures() {
    }

    /** Pictures as uint8 {@code (m, SIDE, SIDE, 3)}, like the course's {@code train_set_x}, and their 0/1 labels. */
    record Pictures(byte[][][][] pixels, long[] labels) {
        /** The course's preprocessing: flatten each picture in C order to a column, divide by 255. */
        Dataset dataset() {
            int m = labels.length;
            int features = SIDE * SIDE * 3;
            DMatrixRMaj x = new DMatrixRMaj(features, m);
            DMatrixRMaj y = new DMatrixRMaj(1, m);
            for (int i = 0; i < m; i++) {
                int feature = 0;
                for (int r = 0; r < SIDE; r++) {
                    for (int c = 0; c < SIDE; c++) {
                        for (int k = 0; k < 3; k++) {
                            x.set(feature++, i, Byte.toUnsignedInt(pixels[i][r][c][k]) / 255.0);
                        }
                    }
                }
                y.set(0, i, labels[i]);
            }
            return new Dataset(x, y, CLASSES);
        }
    }

    static Pictures train() {
        return generate(TRAIN, 1);
    }

    static Pictures test() {
        return generate(TEST, 2);
    }

    /** {@code m} pictures from a generator seeded with {@code seed}. */
    static Pictures generate(int m, long seed) {
        NumpyRandom rng = new NumpyRandom(seed);
        byte[][][][] pixels = new byte[m][SIDE][SIDE][3];
        long[] labels = new long[m];
        double[][][] picture = new double[SIDE][SIDE][3];
        for (int i = 0; i < m; i++) {
            boolean cat = rng.rand() < 0.35;
            labels[i] = cat ? 1 : 0;
            background(picture, rng);
            if (cat) {
                cat(picture, rng);
            } else if (rng.rand() < 0.75) {
                square(picture, rng);
            }
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    for (int k = 0; k < 3; k++) {
                        double v = picture[r][c][k] + 12 * rng.randn();
                        pixels[i][r][c][k] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                    }
                }
            }
        }
        return new Pictures(pixels, labels);
    }

    /** A base colour in [40, 200) per channel, tilted by a random gradient across rows and columns. */
    private static void background(double[][][] picture, NumpyRandom rng) {
        for (int k = 0; k < 3; k++) {
            double base = 40 + 160 * rng.rand();
            double rowSlope = 5 * rng.randn();
            double colSlope = 5 * rng.randn();
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    picture[r][c][k] = base + rowSlope * (r - SIDE / 2.0) + colSlope * (c - SIDE / 2.0);
                }
            }
        }
    }

    /** An orange disc (the face), two triangular ears above it and two dark eyes. */
    private static void cat(double[][][] picture, NumpyRandom rng) {
        double radius = 2.5 + 2 * rng.rand();
        double centreRow = radius + 2 + (SIDE - 2 * radius - 3) * rng.rand();
        double centreCol = radius + 1 + (SIDE - 2 * radius - 2) * rng.rand();
        double[] fur = {190 + 50 * rng.rand(), 100 + 60 * rng.rand(), 20 + 50 * rng.rand()};
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                double dr = r - centreRow;
                double dc = c - centreCol;
                boolean face = dr * dr + dc * dc <= radius * radius;
                // ears: small triangles above the face, left and right of the centre
                double up = centreRow - radius - r;
                boolean ear = up >= -1 && up < 2 && Math.abs(Math.abs(dc) - radius * 0.6) <= (2 - up) * 0.5;
                if (face || ear) {
                    picture[r][c] = fur.clone();
                }
            }
        }
        int eyeRow = (int) Math.round(centreRow - radius / 3);
        for (int side = -1; side <= 1; side += 2) {
            int eyeCol = (int) Math.round(centreCol + side * radius / 2.5);
            if (eyeRow >= 0 && eyeRow < SIDE && eyeCol >= 0 && eyeCol < SIDE) {
                picture[eyeRow][eyeCol] = new double[] {25, 25, 20};
            }
        }
    }

    /** A filled square of a random colour, side 3 to 7. */
    private static void square(double[][][] picture, NumpyRandom rng) {
        int size = 3 + (int) (5 * rng.rand());
        int top = (int) ((SIDE - size) * rng.rand());
        int left = (int) ((SIDE - size) * rng.rand());
        double[] colour = {255 * rng.rand(), 255 * rng.rand(), 255 * rng.rand()};
        for (int r = top; r < top + size; r++) {
            for (int c = left; c < left + size; c++) {
                picture[r][c] = colour.clone();
            }
        }
    }
}
