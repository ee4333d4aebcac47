package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Initial parameters equal numpy's, value for value (reprs printed by numpy 2.4.6). */
class InitializerTest {

    @Test
    void shallowNetworkStartsLikeNnModel() {
        // np.random.seed(2); W1 = np.random.randn(4, 2) * 0.01; W2 = np.random.randn(1, 4) * 0.01
        ShallowNetwork net = ShallowNetwork.builder(2, 4).build();
        assertArrayEquals(new double[] {-0.004167578474054706, -0.0005626682722632948, -0.02136196095668454,
            0.016402708084049887, -0.017934355851948632, -0.00841747365656204, 0.005028814171580428,
            -0.012452880866072316}, net.parameter("W1").data);
        assertArrayEquals(new double[] {-0.010579522188623389, -0.009090076149268494, 0.005514540445464244,
            0.022922080128149575}, net.parameter("W2").data);
        assertArrayEquals(new double[4], net.parameter("b1").data);
        assertEquals(4, net.parameter("b1").numRows);
        assertEquals(1, net.parameter("b2").getNumElements());
    }

    @Test
    void deepNetworkStartsLikeInitializeParametersDeep() {
        // np.random.seed(1); W[l] = np.random.randn(n[l], n[l-1]) / np.sqrt(n[l-1])
        DeepNetwork net = DeepNetwork.builder(5, 4, 3).build();
        assertArrayEquals(new double[] {0.726429330417525, -0.2735857853186097, -0.23620558837125305,
            -0.4798461553730968}, Arrays.copyOf(net.parameter("W1").data, 4));
        assertArrayEquals(new double[] {-0.5503095886064606, 0.5723618549198071, 0.4507953602963978,
            0.2512471694509341}, Arrays.copyOf(net.parameter("W2").data, 4));
        assertEquals(4, net.parameter("W1").numRows);
        assertEquals(5, net.parameter("W1").numCols);
    }

    @Test
    void heScalesBySqrtTwoOverFanIn() {
        // np.random.seed(3); W1 = randn(3, 2) * np.sqrt(2 / 2); W2 = randn(1, 3) * np.sqrt(2 / 3)
        DeepNetwork net = DeepNetwork.builder(2, 3, 1).initializer(Initializer.HE).seed(3).build();
        assertArrayEquals(new double[] {1.7886284734303186, 0.43650985051198943, 0.09649746807200862,
            -1.8634927033644908, -0.27738820251439905, -0.35475897926898675}, net.parameter("W1").data);
        assertArrayEquals(new double[] {-0.06755813673132316, -0.5119439088660415, -0.03577738515135877},
                net.parameter("W2").data);
    }

    /** Each initializer is its numpy expression, with the same operations and rounding. */
    @Property(seed = "31337", tries = 40)
    void initializersAreTheirNumpyExpressions(@ForAll @IntRange(min = 1, max = 9) int rows,
            @ForAll @IntRange(min = 1, max = 300) int cols, @ForAll @LongRange(min = 0, max = 1 << 20) long seed) {
        DMatrixRMaj randn = new NumpyRandom(seed).randn(rows, cols);
        double[] he = randn.data.clone();
        double[] xavier = randn.data.clone();
        double[] course = randn.data.clone();
        double[] small = randn.data.clone();
        double[] ten = randn.data.clone();
        for (int i = 0; i < he.length; i++) {
            he[i] *= Math.sqrt(2.0 / cols);
            xavier[i] *= Math.sqrt(1.0 / cols);
            course[i] /= Math.sqrt(cols);
            small[i] *= 0.01;
            ten[i] *= 10;
        }
        assertArrayEquals(he, Initializer.HE.weights(rows, cols, new NumpyRandom(seed)).data);
        assertArrayEquals(xavier, Initializer.XAVIER.weights(rows, cols, new NumpyRandom(seed)).data);
        assertArrayEquals(course, Initializer.COURSE.weights(rows, cols, new NumpyRandom(seed)).data);
        assertArrayEquals(small, Initializer.SMALL_RANDOM.weights(rows, cols, new NumpyRandom(seed)).data);
        assertArrayEquals(randn.data, Initializer.RANDOM.weights(rows, cols, new NumpyRandom(seed)).data);
        assertArrayEquals(ten, Initializer.normal(10).weights(rows, cols, new NumpyRandom(seed)).data);
        assertArrayEquals(new double[rows * cols], Initializer.ZEROS.weights(rows, cols, new NumpyRandom(seed)).data);
    }

    @Test
    void layersDrawFromOneGeneratorInOrderAndSeedsAreRespected() {
        DeepNetwork a = DeepNetwork.builder(3, 4, 2, 1).initializer(Initializer.RANDOM).seed(7).build();
        NumpyRandom rng = new NumpyRandom(7);
        assertArrayEquals(rng.randn(4, 3).data, a.parameter("W1").data);
        assertArrayEquals(rng.randn(2, 4).data, a.parameter("W2").data);
        assertArrayEquals(rng.randn(1, 2).data, a.parameter("W3").data);
        DeepNetwork b = DeepNetwork.builder(3, 4, 2, 1).initializer(Initializer.RANDOM).seed(8).build();
        assertTrue(!Arrays.equals(a.parameter("W1").data, b.parameter("W1").data));
    }

    @Test
    void rejectsBadScalesAndSeeds() {
        assertThrows(IllegalArgumentException.class, () -> Initializer.normal(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ShallowNetwork.builder(2, 4).seed(-1));
        assertThrows(IllegalArgumentException.class, () -> DeepNetwork.builder(2, 4, 1).seed(1L << 32));
    }
}
