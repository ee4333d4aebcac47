package io.gradgraph.testing;

import io.gradgraph.core.Bindings;
import io.gradgraph.core.Elementwise;
import io.gradgraph.core.Graph;
import io.gradgraph.core.Interpreter;
import io.gradgraph.core.Node;
import io.gradgraph.core.Reduction;
import io.gradgraph.core.Results;
import io.gradgraph.core.Structural;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * How near a graph's selecting ops are to a tie, where their gradient jumps: {@code maximum(a, b)}
 * and {@code minimum(a, b)} at {@code a = b}, a max or min reduction where its two largest (smallest)
 * elements meet. A domain cannot keep these away (they depend on two values), so they are measured.
 */
final class Ties {
    private Ties() {
    }

    /** The smallest gap over the selecting ops {@code cost} depends on (infinite without any). */
    static double distance(Node cost, Bindings bindings) {
        List<Node> selecting = Graph.topologicalOrder(List.of(cost)).stream()
                .filter(n -> n.op() instanceof Elementwise.Maximum || n.op() instanceof Elementwise.Minimum
                        || isExtremum(n))
                .toList();
        if (selecting.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        Results r = Interpreter.of(selecting.stream().flatMap(n -> n.inputs().stream()).distinct().toList())
                .run(bindings);
        double min = Double.POSITIVE_INFINITY;
        for (Node n : selecting) {
            DMatrixRMaj a = r.get(n.input(0));
            if (isExtremum(n)) {
                min = Math.min(min, sliceGap(a, ((Structural.Reduce) n.op()).axis()));
                continue;
            }
            DMatrixRMaj b = r.get(n.input(1));
            int rows = Math.max(a.numRows, b.numRows);
            int cols = Math.max(a.numCols, b.numCols);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double x = a.get(a.numRows == 1 ? 0 : i, a.numCols == 1 ? 0 : j);
                    double y = b.get(b.numRows == 1 ? 0 : i, b.numCols == 1 ? 0 : j);
                    min = Math.min(min, Math.abs(x - y));
                }
            }
        }
        return min;
    }

    private static boolean isExtremum(Node n) {
        return n.op() instanceof Structural.Reduce r && r.reduction() instanceof Reduction.Extremum;
    }

    /** The smallest gap between the two largest or the two smallest elements of a reduced slice. */
    private static double sliceGap(DMatrixRMaj x, int axis) {
        int slices = axis == 0 ? x.numCols : axis == 1 ? x.numRows : 1;
        int length = axis == 0 ? x.numRows : axis == 1 ? x.numCols : x.getNumElements();
        double min = Double.POSITIVE_INFINITY;
        double[] v = new double[length];
        for (int s = 0; s < slices; s++) {
            for (int k = 0; k < length; k++) {
                v[k] = axis == 0 ? x.get(k, s) : axis == 1 ? x.get(s, k) : x.data[k];
            }
            Arrays.sort(v);
            if (length > 1) {
                min = Math.min(min, Math.min(v[1] - v[0], v[length - 1] - v[length - 2]));
            }
        }
        return min;
    }
}
