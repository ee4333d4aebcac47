package io.gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The interpreter's bulk forms of the elementwise ops ({@link Elementwise.Unary#applyAll},
 * {@link Elementwise.Binary#applyAll} through {@code evaluate}) give, element by element, the bits of
 * the op's scalar {@code apply}: for every op, on values of every magnitude, signed zeros,
 * infinities and NaN, on lengths below and above the array math's vector threshold, and for each way
 * of broadcasting. Also run in the {@code kernel-vector} pass, where tanh, exp and log1p take the
 * Vector API on JDK 25.
 */
class ElementwiseBulkTest {

    private static final List<Elementwise.Unary> UNARY = List.of(new Elementwise.Neg(), new Elementwise.Exp(),
            new Elementwise.Log(), new Elementwise.Sqrt(), new Elementwise.Square(), new Elementwise.Pow(3.5),
            new Elementwise.Tanh(), new Elementwise.Sigmoid(), new Elementwise.Relu(),
            new Elementwise.LeakyRelu(0.01), new Elementwise.Step(0.0), new Elementwise.Step(0.01),
            new Elementwise.Abs(), new Elementwise.Sign(), new Elementwise.Softplus(), new Elementwise.Sin(),
            new Elementwise.Cos(), new Elementwise.Clip(-1, 2), new Elementwise.Clip(Double.NEGATIVE_INFINITY, 0),
            new Elementwise.StopGradient());

    private static final List<Elementwise.Binary> BINARY = List.of(new Elementwise.Add(), new Elementwise.Sub(),
            new Elementwise.Mul(), new Elementwise.Div(), new Elementwise.BinaryCrossEntropy(),
            new Elementwise.SigmoidCrossEntropy(), new Elementwise.Maximum(), new Elementwise.Minimum(),
            new Elementwise.Heaviside());

    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, 0.25, -0.25, 22.0, -22.0, 709.0, -746.0,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.MIN_VALUE, 1e-300, 0.5, 1.0 - 0x1p-53};

    /** Random values of magnitudes 2^-30 … 2^12 and both signs, with the special values spread in. */
    private static double[] values(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(5) == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)]
                    : (rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble() * Math.scalb(1.0, rnd.nextInt(-30, 13));
        }
        return v;
    }

    private static void assertSameBits(double want, double got, String what) {
        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), () -> what + ": want " + want + ", got " + got);
    }

    @Test
    void unaryOpsGiveTheirApplyBitsOnEveryLength() {
        SplittableRandom rnd = new SplittableRandom(31);
        for (Elementwise.Unary op : UNARY) {
            for (int n : new int[] {1, 7, 127, 128, 300, 1600}) {
                DMatrixRMaj x = new DMatrixRMaj(1, n, true, values(rnd, n));
                DMatrixRMaj out = new DMatrixRMaj(1, n);
                op.evaluate(List.of(x), out);
                for (int i = 0; i < n; i++) {
                    assertSameBits(op.apply(x.data[i]), out.data[i], op + " n=" + n + " x=" + x.data[i]);
                }
            }
        }
    }

    @Test
    void binaryOpsGiveTheirApplyBitsForEveryBroadcast() {
        SplittableRandom rnd = new SplittableRandom(32);
        int rows = 4;
        int cols = 300;
        int[][] shapes = {{rows, cols}, {rows, 1}, {1, cols}, {1, 1}};
        for (Elementwise.Binary op : BINARY) {
            for (int[] sa : shapes) {
                for (int[] sb : shapes) {
                    DMatrixRMaj a = new DMatrixRMaj(sa[0], sa[1], true, values(rnd, sa[0] * sa[1]));
                    DMatrixRMaj b = new DMatrixRMaj(sb[0], sb[1], true, values(rnd, sb[0] * sb[1]));
                    int outRows = Math.max(sa[0], sb[0]);
                    int outCols = Math.max(sa[1], sb[1]);
                    DMatrixRMaj out = new DMatrixRMaj(outRows, outCols);
                    op.evaluate(List.of(a, b), out);
                    for (int i = 0; i < outRows; i++) {
                        for (int j = 0; j < outCols; j++) {
                            double x = a.get(sa[0] == 1 ? 0 : i, sa[1] == 1 ? 0 : j);
                            double y = b.get(sb[0] == 1 ? 0 : i, sb[1] == 1 ? 0 : j);
                            assertSameBits(op.apply(x, y), out.get(i, j), op + " (" + sa[0] + "×" + sa[1] + ") with ("
                                    + sb[0] + "×" + sb[1] + ") at [" + i + "," + j + "] x=" + x + " y=" + y);
                        }
                    }
                }
            }
        }
    }
}
