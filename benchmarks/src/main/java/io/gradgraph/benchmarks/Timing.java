package io.gradgraph.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/** Warm-up, per-call timing and allocation counting shared by the runner's measurements. */
final class Timing {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Sorted times of the measured calls in ms, and the bytes the JVM's threads allocated per call. */
    record Result(double[] millis, double allocatedBytesPerCall) {
        double median() {
            int n = millis.length;
            return n % 2 == 1 ? millis[n / 2] : 0.5 * (millis[n / 2 - 1] + millis[n / 2]);
        }

        double min() {
            return millis[0];
        }

        int count() {
            return millis.length;
        }
    }

    /** At most this many calls are timed (the shallow step takes microseconds). */
    private static final int MAX_CALLS = 1 << 19;

    private Timing() {
    }

    /**
     * Calls {@code call} for at least {@code warmupSeconds} (and at least 3 times), then times single
     * calls for about {@code seconds} (at least {@code minCalls}).
     */
    static Result measure(Runnable call, double warmupSeconds, double seconds, int minCalls) {
        warmUp(call, warmupSeconds);
        Series series = new Series();
        series.time(call, seconds, minCalls);
        return series.result();
    }

    /** Calls {@code call} for at least {@code seconds}, and at least 3 times, without timing it. */
    static void warmUp(Runnable call, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int n = 0;
        while (System.nanoTime() < end || n < 3) {
            call.run();
            n++;
        }
    }

    /**
     * Times of single calls gathered over one or more slices (compare.sh interleaves slices of
     * GradGraph and NumPy), and the bytes allocated during the slices only. Allocation is counted on
     * every live thread (the caller and the matmul workers), less what counting itself allocates.
     */
    static final class Series {
        private final long[] times = new long[MAX_CALLS];
        private int count;
        private long allocated;

        /** Times single calls for about {@code seconds}, at least {@code minCalls} of them. */
        void time(Runnable call, double seconds, int minCalls) {
            long[] ids = THREADS.getAllThreadIds();
            long overhead = allocated(ids);
            overhead = allocated(ids) - overhead;
            int first = count;
            long before = allocated(ids);
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while ((System.nanoTime() < end || count - first < minCalls) && count < MAX_CALLS) {
                long t0 = System.nanoTime();
                call.run();
                times[count++] = System.nanoTime() - t0;
            }
            allocated += Math.max(0, allocated(ids) - before - overhead);
        }

        Result result() {
            double[] sorted = new double[count];
            for (int i = 0; i < count; i++) {
                sorted[i] = times[i] / 1e6;
            }
            Arrays.sort(sorted);
            return new Result(sorted, allocated / (double) Math.max(1, count));
        }
    }

    /** Bytes allocated so far by these threads (threads that ended count as 0). */
    private static long allocated(long[] ids) {
        long total = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(ids)) {
            total += Math.max(0, bytes);
        }
        return total;
    }
}
