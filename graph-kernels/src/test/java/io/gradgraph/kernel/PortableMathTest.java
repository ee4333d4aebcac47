package io.gradgraph.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link PortableMath} against a 60-digit BigDecimal reference (max error in ulps and how often the
 * result is not the correctly rounded one), against StrictMath on a million arguments per function,
 * on special values, and its tables re-derived independently of the generator script.
 */
class PortableMathTest {

    private static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);
    private static final BigDecimal LN2 = new BigDecimal(
            "0.69314718055994530941723212145817656807550013436025525412068000949339362196969471560586");
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    // ------------------------------------------------------------------ reference functions

    /** e^x to 60 digits: x = k·ln2 + r, e^r by Taylor on r/2^10, squared 10 times. */
    static BigDecimal exp(BigDecimal x) {
        BigDecimal k = x.divide(LN2, MC).setScale(0, RoundingMode.HALF_EVEN);
        BigDecimal r = x.subtract(k.multiply(LN2, MC), MC).divide(BigDecimal.valueOf(1024), MC);
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int n = 1; n < 40; n++) {
            term = term.multiply(r, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
            if (term.signum() == 0 || term.abs().compareTo(BigDecimal.ONE.movePointLeft(65)) < 0) {
                break;
            }
        }
        for (int i = 0; i < 10; i++) {
            sum = sum.multiply(sum, MC);
        }
        int kk = k.intValueExact();
        return kk >= 0 ? sum.multiply(TWO.pow(kk), MC) : sum.divide(TWO.pow(-kk), MC);
    }

    /** log(y) for y > 0 to 60 digits: y = 2^e·m, m in [0.75, 1.5), log m = 2·atanh((m − 1)/(m + 1)). */
    static BigDecimal log(BigDecimal y) {
        int e = 0;
        BigDecimal m = y;
        while (m.compareTo(BigDecimal.valueOf(1.5)) >= 0) {
            m = m.divide(TWO, MC);
            e++;
        }
        while (m.compareTo(BigDecimal.valueOf(0.75)) < 0) {
            m = m.multiply(TWO, MC);
            e--;
        }
        BigDecimal s = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), MC);
        BigDecimal s2 = s.multiply(s, MC);
        BigDecimal power = s;
        BigDecimal sum = BigDecimal.ZERO;
        for (int n = 1; n < 400; n += 2) {
            BigDecimal term = power.divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
            if (term.signum() == 0 || term.abs().compareTo(sum.abs().movePointLeft(62)) < 0) {
                break;
            }
            power = power.multiply(s2, MC);
        }
        return sum.multiply(TWO, MC).add(LN2.multiply(BigDecimal.valueOf(e), MC), MC);
    }

    static BigDecimal tanh(BigDecimal x) {
        BigDecimal e2 = exp(x.multiply(TWO));
        return e2.subtract(BigDecimal.ONE, MC).divide(e2.add(BigDecimal.ONE, MC), MC);
    }

    static BigDecimal log1p(BigDecimal x) {
        return log(BigDecimal.ONE.add(x));
    }

    /** |got − exact| in units of the last place of the correctly rounded result. */
    static double ulpError(double got, BigDecimal exact) {
        double rounded = exact.doubleValue();
        return new BigDecimal(got).subtract(exact).abs().doubleValue() / Math.ulp(rounded);
    }

    // ------------------------------------------------------------------ accuracy

    private static void assertAccurate(String name, DoubleUnaryOperator f, Function<BigDecimal, BigDecimal> exact,
                                       double from, double to, int samples, double maxUlps, double maxMisrounded) {
        SplittableRandom random = new SplittableRandom(from > 0 ? 42 : 7);
        double worst = 0;
        double worstAt = 0;
        int misrounded = 0;
        for (int i = 0; i < samples; i++) {
            double x = from + (to - from) * random.nextDouble();
            BigDecimal ref = exact.apply(new BigDecimal(x));
            double got = f.applyAsDouble(x);
            double err = ulpError(got, ref);
            if (got != ref.doubleValue()) {
                misrounded++;
            }
            if (err > worst) {
                worst = err;
                worstAt = x;
            }
        }
        double fraction = (double) misrounded / samples;
        System.out.printf("PortableMath.%s on [%s, %s]: max error %.4f ulp (at %s), not correctly rounded %.3f%%%n",
                name, from, to, worst, worstAt, 100 * fraction);
        assertTrue(worst <= maxUlps, name + " max error " + worst + " ulp at " + worstAt);
        assertTrue(fraction <= maxMisrounded, name + " misrounded " + fraction);
    }

    @Test
    void tanhIsAlmostCorrectlyRounded() {
        assertAccurate("tanh", PortableMath::tanh, PortableMathTest::tanh, -0.25, 0.25, 20_000, 0.56, 0.01);
        assertAccurate("tanh", PortableMath::tanh, PortableMathTest::tanh, 0.25, 1, 20_000, 0.51, 0.002);
        assertAccurate("tanh", PortableMath::tanh, PortableMathTest::tanh, -22, -1, 20_000, 0.51, 0.002);
        assertAccurate("tanh", PortableMath::tanh, PortableMathTest::tanh, 1e-9, 1e-4, 5_000, 0.51, 0.002);
    }

    @Test
    void expIsAlmostCorrectlyRounded() {
        assertAccurate("exp", PortableMath::exp, PortableMathTest::exp, -1, 1, 20_000, 0.51, 0.002);
        assertAccurate("exp", PortableMath::exp, PortableMathTest::exp, -700, 700, 20_000, 0.51, 0.002);
        assertAccurate("exp", PortableMath::exp, PortableMathTest::exp, -1e-6, 1e-6, 5_000, 0.51, 0.002);
        assertAccurate("exp", PortableMath::exp, PortableMathTest::exp, 708, 709.78, 2_000, 0.51, 0.002);
        assertAccurate("exp", PortableMath::exp, PortableMathTest::exp, -745, -708, 2_000, 1.0, 0.01); // subnormal
    }

    @Test
    void log1pIsAlmostCorrectlyRounded() {
        assertAccurate("log1p", PortableMath::log1p, PortableMathTest::log1p, -0x1p-8, 0x1p-8, 20_000, 0.51, 0.002);
        assertAccurate("log1p", PortableMath::log1p, PortableMathTest::log1p, 0, 1, 20_000, 0.51, 0.002);
        assertAccurate("log1p", PortableMath::log1p, PortableMathTest::log1p, -0.999999, 0, 20_000, 0.51, 0.002);
        assertAccurate("log1p", PortableMath::log1p, PortableMathTest::log1p, 1, 1e6, 10_000, 0.51, 0.002);
        assertAccurate("log1p", PortableMath::log1p, PortableMathTest::log1p, 1e-12, 1e-6, 5_000, 0.51, 0.002);
    }

    /** A million arguments per function and range against StrictMath (itself within 1 ulp, tanh 2.5). */
    @Test
    void agreesWithStrictMathOnAMillionArguments() {
        compare("tanh", PortableMath::tanh, StrictMath::tanh, -25, 25, 3);
        compare("tanh", PortableMath::tanh, StrictMath::tanh, -1, 1, 3);
        compare("exp", PortableMath::exp, StrictMath::exp, -745, 710, 1);
        compare("exp", PortableMath::exp, StrictMath::exp, -2, 2, 1);
        compare("log1p", PortableMath::log1p, StrictMath::log1p, -1, 1, 1);
        compare("log1p", PortableMath::log1p, StrictMath::log1p, 0, 1e300, 1);
    }

    private static void compare(String name, DoubleUnaryOperator f, DoubleUnaryOperator strict,
                                double from, double to, double maxUlps) {
        SplittableRandom random = new SplittableRandom(3);
        double worst = 0;
        int differ = 0;
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            double x = from + (to - from) * random.nextDouble();
            double got = f.applyAsDouble(x);
            double ref = strict.applyAsDouble(x);
            if (got != ref) {
                differ++;
                double err = Math.abs(got - ref) / Math.ulp(ref);
                worst = Math.max(worst, err);
                assertTrue(err <= maxUlps, name + "(" + x + ") = " + got + ", StrictMath " + ref);
            }
        }
        System.out.printf("PortableMath.%s vs StrictMath on [%s, %s]: max difference %.0f ulp, differ on %.2f%%%n",
                name, from, to, worst, 100.0 * differ / n);
    }

    // ------------------------------------------------------------------ special values

    @Test
    void specialValues() {
        for (double x : new double[] {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 0x1p-1022, -0x1p-1030, 1e-300,
                                      0x1p-55, -0x1p-55}) {
            assertEquals(x, PortableMath.tanh(x), "tanh(" + x + ")");
            assertEquals(x, PortableMath.log1p(x), "log1p(" + x + ")");
            assertEquals(1.0, PortableMath.exp(x), "exp(" + x + ")");
        }
        assertEquals(0x1p-28, PortableMath.tanh(0x1p-28));
        assertEquals(-0x1p-27, PortableMath.tanh(-0x1p-27));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(PortableMath.tanh(-0.0)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(PortableMath.log1p(-0.0)));
        assertTrue(Double.isNaN(PortableMath.tanh(Double.NaN)));
        assertTrue(Double.isNaN(PortableMath.exp(Double.NaN)));
        assertTrue(Double.isNaN(PortableMath.log1p(Double.NaN)));
        for (double big : new double[] {19.07, 19.1, 20, 22, 22.5, 100, 1e300, Double.MAX_VALUE, Double.POSITIVE_INFINITY}) {
            assertEquals(1.0, PortableMath.tanh(big), "tanh(" + big + ")");
            assertEquals(-1.0, PortableMath.tanh(-big), "tanh(" + -big + ")");
        }
        assertEquals(StrictMath.tanh(19.06), PortableMath.tanh(19.06)); // the last value below 1
        assertEquals(Double.POSITIVE_INFINITY, PortableMath.exp(Double.POSITIVE_INFINITY));
        assertEquals(0.0, PortableMath.exp(Double.NEGATIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, PortableMath.exp(709.79));
        assertEquals(StrictMath.exp(709.782712893384), PortableMath.exp(709.782712893384)); // largest finite
        assertEquals(Double.MIN_VALUE, PortableMath.exp(-745.1332191019411));
        assertEquals(0.0, PortableMath.exp(-745.2));
        assertEquals(0.0, PortableMath.exp(-1e300));
        assertEquals(Double.NEGATIVE_INFINITY, PortableMath.log1p(-1.0));
        assertTrue(Double.isNaN(PortableMath.log1p(-1.5)));
        assertTrue(Double.isNaN(PortableMath.log1p(Double.NEGATIVE_INFINITY)));
        assertEquals(Double.POSITIVE_INFINITY, PortableMath.log1p(Double.POSITIVE_INFINITY));
        assertEquals(StrictMath.log1p(Double.MAX_VALUE), PortableMath.log1p(Double.MAX_VALUE));
        assertEquals(StrictMath.log1p(-1 + 0x1p-53), PortableMath.log1p(-1 + 0x1p-53));
        assertEquals(Math.E, PortableMath.exp(1));
        assertEquals(Math.log(2), PortableMath.log1p(1));
    }

    // ------------------------------------------------------------------ tables

    @Test
    void expTableHoldsPowersOfTwo() {
        BigDecimal tolerance = BigDecimal.ONE.movePointLeft(28); // far below 2^-53 relative after the 128th power
        for (int j = 0; j < 128; j++) {
            BigDecimal t = new BigDecimal(PortableMath.EXP_HI[j]).add(new BigDecimal(PortableMath.EXP_LO[j]));
            BigDecimal power = t.pow(128, MC).divide(TWO.pow(j), MC).subtract(BigDecimal.ONE);
            assertTrue(power.abs().compareTo(tolerance) < 0, "2^(" + j + "/128): " + power);
            assertEquals(t.doubleValue(), PortableMath.EXP_HI[j], "hi part rounded to nearest at " + j);
        }
    }

    @Test
    void logTableHoldsLogarithmsOfItsReciprocals() {
        BigDecimal tolerance = BigDecimal.ONE.movePointLeft(30);
        for (int i = 0; i < 128; i++) {
            double invc = PortableMath.LOG_INVC[i];
            assertEquals(i == 0 ? 1.0 : 1.0 / (1.0 + i / 128.0), invc, "invc " + i);
            BigDecimal logc = new BigDecimal(PortableMath.LOG_C_HI[i]).add(new BigDecimal(PortableMath.LOG_C_LO[i]));
            BigDecimal diff = logc.add(log(new BigDecimal(invc)), MC);
            assertTrue(diff.abs().compareTo(tolerance) < 0, "−log(invc) at " + i + ": " + diff);
            assertEquals(logc.doubleValue(), PortableMath.LOG_C_HI[i], "hi part rounded to nearest at " + i);
        }
    }
}
