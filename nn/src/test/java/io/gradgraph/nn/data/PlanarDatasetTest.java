package io.gradgraph.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.nn.NumpyRandom;
import io.gradgraph.nn.TestFiles;
import io.gradgraph.nn.io.Npy;
import java.io.IOException;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class PlanarDatasetTest {

    @Test
    void hasTheCoursesShapeAndBalancedClasses() {
        Dataset d = PlanarDataset.load();
        assertEquals(2, d.features());
        assertEquals(400, d.examples());
        assertEquals(1, d.y().numRows);
        assertEquals(List.of(), d.classes());
        for (int i = 0; i < 400; i++) {
            assertEquals(i < 200 ? 0.0 : 1.0, d.y().get(0, i), "label of example " + i);
        }
    }

    /**
     * The whole of X against numpy's, read from src/test/resources/numpy/planar_X.npy, which
     * generate.py there wrote by running the course's load_planar_dataset() with numpy 2.4.6.
     *
     * <p>The noise (NumpyRandom) is bit-exact, and so are linspace, the multiplications and the
     * additions, which are single IEEE operations in both languages. Only sin and cos may round
     * differently: numpy calls glibc's, Java's Math.sin/cos is a different implementation with the
     * same under-1-ulp accuracy. A different rounding of sin(4t) moves r by one ulp of 4 sin(4t),
     * which can shift r * sin(t) by one ulp too. On x86-64 HotSpot exactly one coordinate, x[1][396],
     * differs (by one ulp); the test allows 1 ulp everywhere and demands at least 790 of 800
     * bit-identical coordinates, so that a regression to a less faithful sine (StrictMath leaves
     * only 740 identical, up to 2 ulps apart) fails.
     */
    @Test
    void matchesNumpyToTheLastBitExceptAtMostOneUlpFromSinAndCos() throws IOException {
        DMatrixRMaj expected = Npy.read(TestFiles.resource("numpy/planar_X.npy"));
        DMatrixRMaj actual = PlanarDataset.load().x();
        assertEquals(2, expected.numRows);
        assertEquals(400, expected.numCols);
        int identical = 0;
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 400; c++) {
                double want = expected.get(r, c);
                double got = actual.get(r, c);
                long ulps = Math.abs(Double.doubleToLongBits(want) - Double.doubleToLongBits(got));
                assertTrue(ulps <= 1, "x[" + r + "][" + c + "]: numpy " + want + ", Java " + got + " (" + ulps + " ulps)");
                if (ulps == 0) {
                    identical++;
                }
            }
        }
        assertTrue(identical >= 790, "only " + identical + " of 800 coordinates are bit-identical to numpy's");
    }

    /** Spot values printed with repr() from numpy 2.4.6's load_planar_dataset() (see generate.py). */
    @Test
    void spotValuesEqualNumpys() {
        DMatrixRMaj x = PlanarDataset.load().x();
        assertEquals(1.204442292254319, x.get(0, 0));
        assertEquals(3.5761141481288448, x.get(1, 0));
        assertEquals(-0.5858464101358456, x.get(0, 199));
        assertEquals(-3.091259938950624, x.get(1, 199));
        assertEquals(-1.0704958072229525, x.get(0, 200));
        assertEquals(3.682524609580073, x.get(1, 200));
        assertEquals(0.2794952123584804, x.get(0, 123));
        assertEquals(0.5908910862740835, x.get(1, 321));
        assertEquals(0.7307808250007513, x.get(0, 399));
        assertEquals(3.0683292081876545, x.get(1, 399));
        // the one coordinate where Math.sin/cos and glibc round differently: one ulp apart
        assertEquals(0.8916009788295987, x.get(1, 396), Math.ulp(0.8916009788295987));
        // checksums: numpy's X[0].sum(), X[1].sum() (pairwise summation, so compared loosely)
        double s0 = 0;
        double s1 = 0;
        for (int c = 0; c < 400; c++) {
            s0 += x.get(0, c);
            s1 += x.get(1, c);
        }
        assertEquals(-17.33836367040442, s0, 1e-12);
        assertEquals(27.426346947846085, s1, 1e-12);
    }

    @Test
    void loadWithAGeneratorDoesNotReseedAndConsumes800Normals() {
        NumpyRandom rng = new NumpyRandom(1);
        assertEquals(PlanarDataset.load(), PlanarDataset.load(rng));
        // numpy 2.4.6: np.random.seed(1); np.random.randn(801)[800]
        assertEquals(0.8143431291489254, rng.randn());
        assertNotEquals(PlanarDataset.load(), PlanarDataset.load(new NumpyRandom(2)));
    }

    /** Expected values: numpy 2.4.6, np.linspace(...) printed with repr(). */
    @Test
    void linspaceIsNumpys() {
        double[] a = PlanarDataset.linspace(0.0, 3.12, 200);
        assertEquals(0.0, a[0]);
        assertEquals(0.015678391959798997, a[1]);
        assertEquals(0.031356783919597994, a[2]);
        assertEquals(0.8936683417085428, a[57]);
        assertEquals(3.1043216080402014, a[198]);
        assertEquals(3.12, a[199]);
        double[] b = PlanarDataset.linspace(3.12, 6.24, 200);
        assertEquals(3.12, b[0]);
        assertEquals(3.1356783919597992, b[1]);
        assertEquals(3.151356783919598, b[2]);
        assertEquals(4.013668341708543, b[57]);
        assertEquals(6.224321608040201, b[198]);
        assertEquals(6.24, b[199]);
        assertArrayEquals(new double[] {0, 0.5, 1}, PlanarDataset.linspace(0, 1, 3));
        assertArrayEquals(new double[] {2.5}, PlanarDataset.linspace(2.5, 7, 1));
        assertArrayEquals(new double[0], PlanarDataset.linspace(2.5, 7, 0));
        assertArrayEquals(new double[] {1, 1, 1}, PlanarDataset.linspace(1, 1, 3));
        // a step that underflows to 0: numpy scales arange(4) / 3 by delta instead
        assertArrayEquals(new double[] {0, 0, 5e-324, 5e-324}, PlanarDataset.linspace(0, 5e-324, 4));
    }
}
