package io.gradgraph.kernel;


/**
 * {@link PortableMath}'s functions over a range of an array, in place: here a loop over the scalar
 * methods; {@link VectorMath} overrides them with the Vector API, lane for lane the same bits.
 * {@link #DEFAULT} is picked once, as the kernel picks its engine: the vector one when
 * {@link MatMul#usesVectorApi()} on JDK 25 or later, loaded reflectively so that nothing else links
 * against {@code jdk.incubator.vector}. JDK 17's C2 boxes one vector per iteration of VectorMath's
 * tanh and log1p loops (their result, a chain of blends, fails to unbox at the store) once the matmul
 * kernel's vector code has run in the same JVM: allocation on every call, so JDK 17 keeps the scalar
 * loop. (JDK 18–24 are untested.)
 */
class ArrayMath {

    /** The implementation {@link PortableMath}'s array methods use. */
    static final ArrayMath DEFAULT = load();

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

    private static ArrayMath load() {
        if (!MatMul.usesVectorApi() || Runtime.version().feature() < 25) {
            return new ArrayMath();
        }
        try {
            Class<?> cls = Class.forName("io.gradgraph.kernel.VectorMath");
            return (ArrayMath) cls.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new ArrayMath(); // unsupported vector width, ...: plain Java it is
        }
    }
}
