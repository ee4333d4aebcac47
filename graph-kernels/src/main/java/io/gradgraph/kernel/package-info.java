/**
 * Dependency-free numeric kernels shared by the interpreter and generated code; nothing here knows
 * of graphs, models or optimizers.
 *
 * <p>{@link io.gradgraph.kernel.Kernels} is the one interface: the double-precision matrix multiply
 * on row-major {@code double[]} arrays (transposes as flags and offsets) and
 * {@link io.gradgraph.kernel.PortableMath}'s tanh, exp and log1p over arrays. One implementation is
 * chosen once per JVM: the Vector-API one when the JVM is started with
 * {@code --add-modules jdk.incubator.vector}, plain Java otherwise, with the same bits for small and
 * thin products. {@link io.gradgraph.kernel.MatMul} and {@link io.gradgraph.kernel.PortableMath} are
 * the static entry points generated code calls; {@link io.gradgraph.kernel.ProductPass} computes two
 * products that read one large operand in a single pass over it, with the caller's epilogue between.
 */
package io.gradgraph.kernel;
