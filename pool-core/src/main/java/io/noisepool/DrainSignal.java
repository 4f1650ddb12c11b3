package io.noisepool;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Lets {@link Pool#drain} sleep until the in-use count reaches zero, woken by the return itself.
 * Returners pay one volatile read unless someone is draining.
 */
final class DrainSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Threads in await; written under lock, read by returners without it. */
    private volatile int waiting;

    /**
     * Called after every decrement of the in-use count and every end of a dial. The change happens
     * before the read of {@code waiting}, and await increments {@code waiting} before it checks,
     * so one of the two always sees the other.
     */
    void inUseDropped() {
        if (waiting > 0) {
            wakeAll();
        }
    }

    void wakeAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return true once {@code drained} answers true, false if nanos passed first */
    boolean await(BooleanSupplier drained, long nanos) throws InterruptedException {
        lock.lock();
        try {
            waiting++;
            try {
                while (!drained.getAsBoolean()) {
                    if (nanos <= 0) {
                        return false;
                    }
                    nanos = changed.awaitNanos(nanos);
                }
                return true;
            } finally {
                waiting--;
            }
        } finally {
            lock.unlock();
        }
    }
}
