package io.gradgraph.nn;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/** Checks shapes, counts steps and updates each parameter. */
abstract class OptimizerState implements Optimizer.State {
    private final List<DMatrixRMaj> params;
    private int t;

    OptimizerState(List<DMatrixRMaj> params) {
        this.params = params;
    }

    void beginStep(int t) {
    }

    abstract void update(int k, DMatrixRMaj w, DMatrixRMaj dw);

    @Override
    public final void step(List<DMatrixRMaj> gradients) {
        if (gradients.size() != params.size()) {
            throw new IllegalArgumentException("expected " + params.size() + " gradients, one per parameter, got "
                    + gradients.size());
        }
        for (int k = 0; k < params.size(); k++) {
            DMatrixRMaj w = params.get(k);
            DMatrixRMaj dw = gradients.get(k);
            if (w.numRows != dw.numRows || w.numCols != dw.numCols) {
                throw new IllegalArgumentException("gradient " + k + " is " + dw.numRows + "×" + dw.numCols
                        + " but its parameter is " + w.numRows + "×" + w.numCols);
            }
        }
        t++;
        beginStep(t);
        for (int k = 0; k < params.size(); k++) {
            update(k, params.get(k), gradients.get(k));
        }
    }

    @Override
    public final int steps() {
        return t;
    }
}
