package io.gradgraph.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** A gradient check that fails at a ReLU kink says so, and names the entries. */
class GradientCheckKinkTest {

    @Test
    void aDeadUnitExactlyAtZeroIsReportedAsAKink() {
        DeepNetwork net = DeepNetwork.builder(4, 5, 3, 1).seed(1).build();
        NumpyRandom rng = new NumpyRandom(1);
        DMatrixRMaj x = rng.randn(4, 3);
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1, 0, 1}});
        GradientCheck.Report smooth = GradientCheck.standard().check(net, x, y);
        assertTrue(smooth.passed(), smooth::toString);
        assertEquals(0, smooth.kinkCount());

        // unit 2 of layer 1: W1[2,:] = 0 and b1[2] = 0, so Z1[2,:] = 0 exactly, ReLU's kink
        DMatrixRMaj w1 = net.parameter("W1").copy();
        for (int c = 0; c < w1.numCols; c++) {
            w1.set(2, c, 0);
        }
        DMatrixRMaj b1 = net.parameter("b1").copy();
        b1.set(2, 0, 0);
        net.setParameter("W1", w1);
        net.setParameter("b1", b1);
        GradientCheck.Report report = GradientCheck.standard().check(net, x, y);
        assertFalse(report.passed(), report::toString);
        assertTrue(report.failedOnlyAtKinks(), report::toString);
        assertTrue(report.kinkCount() >= 1, report::toString);
        for (GradientCheck.Entry e : report.kinks()) {
            assertTrue(e.parameter().equals("W1") && e.row() == 2 || e.parameter().equals("b1") && e.row() == 2,
                    "a kink entry outside the dead unit: " + e);
        }
        String text = report.toString();
        assertTrue(text.startsWith("Gradient check FAILED at a kink: the cost is not differentiable at "), text);
        assertTrue(text.contains("the other entries agree (difference "), text);
        assertFalse(text.contains("mistake"), text);
    }
}
