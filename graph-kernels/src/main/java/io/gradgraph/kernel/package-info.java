/**
 * Dependency-free numeric kernels shared by the EJML interpreter and generated code.
 *
 * <p>{@link io.gradgraph.kernel.MatMul} is the double-precision matrix multiply on row-major
 * {@code double[]} arrays (with transposes as flags and offsets). It is plain Java; when the JVM is
 * started with {@code --add-modules jdk.incubator.vector} it switches to a Vector-API micro-kernel.
 */
package io.gradgraph.kernel;
