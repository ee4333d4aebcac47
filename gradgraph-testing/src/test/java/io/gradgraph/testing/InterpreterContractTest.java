package io.gradgraph.testing;

import io.gradgraph.core.Backend;

/** The interpreter keeps the backend contract (against itself: this tests the contract's own checks). */
class InterpreterContractTest extends BackendContract {
    @Override
    protected Backend backend() {
        return Backend.interpreter();
    }
}
