package io.gradgraph.core;

import java.util.concurrent.atomic.AtomicReference;

/** For tests that prove nothing recurses: runs code on a thread with the JVM's default stack size. */
public final class DefaultStack {
    private DefaultStack() {
    }

    /** Runs {@code body} on a new thread with the JVM's default stack size, rethrowing what it throws. */
    public static void run(Runnable body) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "default-stack", 0);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
