package io.gradgraph.core.kernel;

import jdk.incubator.vector.VectorSpecies;

/**
 * The kernel's vector shape, for graph-core's other Vector-API code ({@code PortableMath}'s array
 * functions); internal, not API. Load it only when {@link MatMul#usesVectorApi()}: it links against
 * {@code jdk.incubator.vector}.
 */
public final class KernelVectors {

    /**
     * {@code VectorEngine.S}, the one {@code DoubleVector} species of the JVM: JDK 17's C2 stops
     * intrinsifying the Vector API (and boxes every vector, allocating) once two shapes of
     * DoubleVector are in use.
     */
    public static final VectorSpecies<Double> SPECIES = VectorEngine.S;

    private KernelVectors() {
    }
}
