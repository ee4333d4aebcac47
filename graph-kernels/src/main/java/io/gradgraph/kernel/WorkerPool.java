package io.gradgraph.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A tiny pool of daemon worker threads for splitting one product across cores. Created lazily on
 * the first parallel product, reused afterwards; a call hands work over with a volatile generation
 * counter and {@link LockSupport#unpark}, so dispatching allocates nothing. Only one caller owns the
 * pool at a time ({@link #tryAcquire()}); a concurrent caller simply runs its product single-threaded.
 */
final class WorkerPool {

    /** A unit of parallel work: {@code run(i)} for i in [0, parts) are independent. */
    interface Job {
        void run(int part);

        /** Drops the job's references to its operands after a run (job objects are long-lived). */
        default void clear() {
        }
    }

    /**
     * How long an idle worker (or a waiting caller) spins before parking: long enough to catch the
     * next product of a training step without a ~30 µs wake-up, short enough not to hog a core.
     */
    private static final long SPIN_NANOS = 100_000L;

    private static volatile WorkerPool instance;

    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Worker[] workers = new Worker[0];
    private int generation;

    private WorkerPool() {
    }

    /** The shared pool with at least {@code workers} worker threads. */
    static WorkerPool get(int workers) {
        WorkerPool pool = instance;
        if (pool != null && pool.workers.length >= workers) {
            return pool;
        }
        return create(workers);
    }

    private static synchronized WorkerPool create(int workers) {
        if (instance == null) {
            instance = new WorkerPool();
        }
        instance.ensureWorkers(workers);
        return instance;
    }

    private synchronized void ensureWorkers(int count) {
        if (workers.length >= count) {
            return;
        }
        Worker[] grown = java.util.Arrays.copyOf(workers, count);
        for (int i = workers.length; i < count; i++) {
            Worker w = new Worker("gradgraph-matmul-" + (i + 1));
            w.start();
            grown[i] = w;
        }
        workers = grown;
    }

    /**
     * The shared pool, held by the caller, for a job in {@code parts}; null when another caller holds
     * it (the caller then does its work alone). Release it with {@link #runAndRelease}.
     */
    static WorkerPool acquire(int parts) {
        WorkerPool pool = get(parts - 1);
        return pool.tryAcquire() ? pool : null;
    }

    /** {@link #run}, then {@link Job#clear} and {@link #release}, even on failure. */
    void runAndRelease(Job job, int parts) {
        try {
            run(job, parts);
        } finally {
            job.clear();
            release();
        }
    }

    boolean tryAcquire() {
        return busy.compareAndSet(false, true);
    }

    void release() {
        busy.set(false);
    }

    /**
     * Runs {@code job.run(0)} on the calling thread and parts 1..parts-1 on workers, and returns when
     * all are done. The caller must hold the pool ({@link #tryAcquire()}) and {@code parts - 1} must not
     * exceed the number of workers. A failure in any part is rethrown.
     */
    void run(Job job, int parts) {
        Worker[] ws = this.workers;
        int gen = ++generation;
        Thread caller = Thread.currentThread();
        for (int i = 1; i < parts; i++) {
            Worker w = ws[i - 1];
            w.job = job;
            w.part = i;
            w.waiter = caller;
            w.failure = null;
            w.posted = gen; // volatile write publishes the fields above
            LockSupport.unpark(w);
        }
        Throwable failure = null;
        try {
            job.run(0);
        } catch (Throwable t) {
            failure = t;
        }
        for (int i = 1; i < parts; i++) {
            Worker w = ws[i - 1];
            long deadline = 0;
            while (w.done != gen) {
                deadline = pause(deadline, this);
            }
            w.job = null;
            if (w.failure != null && failure == null) {
                failure = w.failure;
            }
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * One round of waiting for a volatile condition: the first call (deadline 0) starts a
     * {@link #SPIN_NANOS} spin, later ones spin until it has passed, then park on {@code blocker}
     * (the other side unparks after changing the condition).
     *
     * @return the deadline to pass to the next round
     */
    private static long pause(long deadline, Object blocker) {
        if (deadline == 0) {
            return System.nanoTime() + SPIN_NANOS;
        }
        if (System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        } else {
            LockSupport.park(blocker);
        }
        return deadline;
    }

    private static final class Worker extends Thread {
        volatile int posted;
        volatile int done;
        Job job;
        int part;
        Thread waiter;
        Throwable failure;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            int seen = 0;
            while (true) {
                long deadline = 0;
                while (posted == seen) {
                    deadline = pause(deadline, this);
                }
                seen = posted;
                try {
                    job.run(part);
                } catch (Throwable t) {
                    failure = t;
                }
                Thread w = waiter;
                done = seen; // volatile write publishes the results
                LockSupport.unpark(w);
            }
        }
    }
}
