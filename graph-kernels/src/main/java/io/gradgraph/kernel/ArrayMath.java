package io.gradgraph.kernel;

/**
 * {@link PortableMath}'s functions over a range of an array, in place: here a loop over the scalar
 * methods; {@link VectorMath} overrides them with the Vector API, lane for lane the same bits.
 * {@link KernelProvider} picks one per {@link Kernels} implementation.
 */
class ArrayMath {

    String name() {
        return "scalar";
    }

    /** {@code a[i] = PortableMath.tanh(a[i])} for {@code from ≤ i < to}. */
    void tanh(double[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = PortableMath.tanh(a[i]);
        }
    }

    /** {@code a[i] = PortableMath.exp(a[i])} for {@code from ≤ i < to}. */
    void exp(double[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = PortableMath.exp(a[i]);
        }
    }

    /** {@code a[i] = PortableMath.log1p(a[i])} for {@code from ≤ i < to}. */
    void log1p(double[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = PortableMath.log1p(a[i]);
        }
    }
}
