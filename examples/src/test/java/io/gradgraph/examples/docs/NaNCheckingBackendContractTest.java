package io.gradgraph.examples.docs;

// BEGIN SNIPPET docs/testing.md
import io.gradgraph.core.Backend;
import io.gradgraph.testing.BackendContract;

/** Every test of the backend contract, run on the user's backend. */
class NaNCheckingBackendContractTest extends BackendContract {
    @Override
    protected Backend backend() {
        return new NaNCheckingBackend();
    }
}
// END SNIPPET
