package io.gradgraph.kernel;

import java.util.Locale;

/**
 * Picks the {@link Kernels} implementation once, when first used (as Apache Lucene's
 * VectorizationProvider does): the Vector-API classes are loaded reflectively, and only when
 * {@code jdk.incubator.vector} is in the boot layer, so nothing else links against the incubator
 * module. System properties, read here:
 * <ul>
 *   <li>{@code gradgraph.matmul=auto|scalar|vector}: {@code auto} (default, also for unknown values)
 *       and {@code vector} use the Vector API when available, {@code scalar} never does;</li>
 *   <li>{@code gradgraph.threads=N}: at most N threads per product (default: available processors;
 *       1 disables threading).</li>
 * </ul>
 */
final class KernelProvider {
    private static final String MODE = System.getProperty("gradgraph.matmul", "auto").trim().toLowerCase(Locale.ROOT);
    static final int THREADS = Math.max(1, Integer.getInteger("gradgraph.threads",
            Runtime.getRuntime().availableProcessors()));
    /** The plain-Java kernels. */
    static final KernelSet PLAIN = new KernelSet(new ScalarEngine(), new ArrayMath(), THREADS, "");
    /** The Vector-API kernels, or null when the module is absent or the platform unsupported. */
    static final KernelSet VECTOR = loadVector();
    /** The kernels {@link Kernels#get()} returns. */
    static final KernelSet CHOSEN = "scalar".equals(MODE) ? PLAIN
            : VECTOR != null ? VECTOR
            : "vector".equals(MODE) ? new KernelSet(PLAIN.engine, PLAIN.arrayMath, THREADS, " (vector unavailable)")
            : PLAIN;

    private KernelProvider() {
    }

    private static KernelSet loadVector() {
        try {
            if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
                return null;
            }
            Engine engine = (Engine) Class.forName("io.gradgraph.kernel.VectorEngine").getDeclaredConstructor()
                    .newInstance();
            return engine.nr >= 4 ? new KernelSet(engine, vectorMath(), THREADS, "") : null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null; // not compiled in, unsupported platform, ...: plain Java it is
        }
    }

    /**
     * {@link VectorMath} from JDK 25 on: JDK 17's C2 boxes one vector per iteration of its tanh and
     * log1p loops once the matmul kernel's vector code has run in the same JVM (allocation on every
     * call), so JDK 17 keeps the scalar loop. (JDK 18–24 are untested.)
     */
    private static ArrayMath vectorMath() {
        if (Runtime.version().feature() < 25) {
            return new ArrayMath();
        }
        try {
            return (ArrayMath) Class.forName("io.gradgraph.kernel.VectorMath").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new ArrayMath(); // unsupported vector width, ...: plain Java it is
        }
    }
}
