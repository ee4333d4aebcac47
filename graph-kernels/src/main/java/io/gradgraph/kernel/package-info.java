/**
 * Dependency-free numeric kernels shared by the interpreter and generated code; nothing here knows
 * of graphs, models or optimizers.
 *
 * <p>{@link io.gradgraph.kernel.Kernels} is the one interface: the double-precision matrix multiply
 * on row-major {@code double[]} arrays (transposes as flags and offsets) and
 * {@link io.gradgraph.kernel.PortableMath}'s tanh, exp and log1p over arrays. One implementation is
 * chosen once per JVM: the Vector-API one when the JVM is started with
 * {@code --add-modules jdk.incubator.vector}, plain Java otherwise. {@link io.gradgraph.kernel.MatMul}
 * and {@link io.gradgraph.kernel.PortableMath} are the static entry points generated code calls.
 */
package io.gradgraph.kernel;
