package io.gradgraph.codegen;

import io.gradgraph.core.Backend;
import io.gradgraph.testing.BackendContract;

/** Generated code keeps the contract any backend must keep. */
class CompiledBackendContractTest extends BackendContract {
    @Override
    protected Backend backend() {
        return Backend.compiled();
    }
}
