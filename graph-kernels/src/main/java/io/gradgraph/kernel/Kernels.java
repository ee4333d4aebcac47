package io.gradgraph.kernel;

/**
 * GradGraph's numeric kernels: the double-precision matrix multiply and {@link PortableMath}'s
 * functions over arrays. One implementation is chosen once per JVM ({@link #get()}): the Vector-API
 * one when the JVM was started with {@code --add-modules jdk.incubator.vector} (and
 * {@code gradgraph.matmul} is not {@code scalar}), the plain-Java one otherwise. No Vector-API type
 * appears in this interface; the incubator module is never a hard dependency.
 *
 * <p>{@link MatMul} and {@link PortableMath} are static entry points to {@link #get()} (generated
 * code calls them); this interface lets a caller name an implementation, for example to compare
 * both in one JVM:
 * <pre>{@code
 * Kernels plain = Kernels.plainJava();
 * plain.multiply(2, 2, 3, a, 0, false, b, 0, false, c, 0, false); // C = A·B, A 2×3, B 3×2
 * System.out.println(Kernels.get().name());                       // e.g. "vector(512-bit 4x16), 2 threads"
 * }</pre>
 * Every implementation sums each element of a product in the order documented on {@link MatMul}
 * (fixed by the shape, never by threads or vector width); the blocked path's vector micro-kernel
 * uses fused multiply-adds, so the two implementations agree there only to rounding. The array
 * functions give exactly {@link PortableMath}'s scalar bits in both. Instances are immutable and
 * safe to share between threads.
 */
public sealed interface Kernels permits KernelSet {

    /**
     * The implementation chosen for this JVM (once, when first needed).
     *
     * @return the Vector-API kernels when available and not disabled, else {@link #plainJava()}
     */
    static Kernels get() {
        return KernelProvider.CHOSEN;
    }

    /**
     * The plain-Java kernels, which every JVM has.
     *
     * @return the plain-Java implementation
     */
    static Kernels plainJava() {
        return KernelProvider.PLAIN;
    }

    /**
     * A short description, e.g. {@code "vector(512-bit 4x16), 2 threads"} or {@code "scalar, 1 thread"}.
     *
     * @return the matrix engine (vector width and register tile, or scalar) and the thread count
     */
    String name();

    /**
     * Whether this implementation runs on the Vector API.
     *
     * @return true for the Vector-API implementation
     */
    boolean usesVectorApi();

    /**
     * C(m×n) = op(A)·op(B), or C += op(A)·op(B) when {@code accumulate}; all row-major, from the given
     * offsets. See {@link MatMul#multiply(int, int, int, double[], int, boolean, double[], int, boolean,
     * double[], int, boolean)} for the arguments, the summation orders and the errors thrown.
     */
    void multiply(int m, int n, int k, double[] a, int aOffset, boolean transA, double[] b, int bOffset,
                  boolean transB, double[] c, int cOffset, boolean accumulate);

    /**
     * Replaces {@code values[offset]} … {@code values[offset + length − 1]} by their tanh, each exactly
     * {@link PortableMath#tanh(double)}'s result. Allocates nothing (after a thread's first call).
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code values}
     */
    void tanh(double[] values, int offset, int length);

    /**
     * In place, each element exactly {@link PortableMath#exp(double)}'s result.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code values}
     */
    void exp(double[] values, int offset, int length);

    /**
     * In place, each element exactly {@link PortableMath#log1p(double)}'s result.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code values}
     */
    void log1p(double[] values, int offset, int length);

    /**
     * How the array functions compute: {@code "scalar"} or e.g. {@code "vector(256-bit)"} (the
     * Vector-API loops are used from JDK 25 on, see {@code ArrayMath}).
     *
     * @return the implementation of {@link #tanh}, {@link #exp} and {@link #log1p}
     */
    String arrayImplementation();
}
