package io.gradgraph.nn.data;

import java.util.function.IntFunction;

/** The checks every loader applies to what it read: finite values, class labels, room in memory. */
final class DataChecks {
    private DataChecks() {
    }

    /** The number of classes the loaders expect unless told otherwise: labels 0 and 1. */
    static final int BINARY = 2;

    /**
     * Refuses a NaN or infinite value: {@code where} names the file and key, {@code index} turns a
     * position in {@code values} into the position the user knows (an array index, a line).
     */
    static void requireFinite(double[] values, int count, String where, IntFunction<String> index) {
        for (int i = 0; i < count; i++) {
            if (!Double.isFinite(values[i])) {
                throw new DatasetException(where + ": " + values[i] + " at " + index.apply(i)
                        + "; data must be finite (no NaN or infinity)");
            }
        }
    }

    /** Refuses a label that is not one of the integers 0 … classes − 1. */
    static void requireLabels(double[] labels, int count, int classes, String where, IntFunction<String> index) {
        for (int i = 0; i < count; i++) {
            if (!isClass(labels[i], classes)) {
                requireLabel(labels[i], classes, where, index.apply(i));
            }
        }
    }

    /** Refuses one label that is not a class; {@code at} says where it is. */
    static void requireLabel(double label, int classes, String where, String at) {
        if (!isClass(label, classes)) {
            throw new DatasetException(where + ": label " + number(label) + " at " + at + " is not a class; "
                    + expected(classes));
        }
    }

    private static boolean isClass(double v, int classes) {
        return v >= 0 && v < classes && v == Math.rint(v);
    }

    static String expected(int classes) {
        return classes == 2 ? "labels must be 0 or 1"
                : "labels must be the integers 0 to " + (classes - 1) + " (" + classes + " classes)";
    }

    static int requireClasses(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        return classes;
    }

    /**
     * Refuses to allocate {@code values} doubles ({@code copies} times) when they cannot fit in the
     * memory this JVM may still use: a clear message instead of an OutOfMemoryError.
     */
    static void requireMemory(long values, int copies, String what) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long need = values * 8L * copies;
        if (values < 0 || need / copies / 8 != values || need > free) {
            throw new DatasetException(what + ": " + values + " values need about " + mb(need)
                    + " MB, more than the " + mb(free) + " MB this JVM can still use (see -Xmx)");
        }
    }

    private static long mb(long bytes) {
        return Math.max(0, bytes) >> 20;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
