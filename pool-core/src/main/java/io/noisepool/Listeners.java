package io.noisepool;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool's {@link PoolListener}s. Reporting costs one volatile read while there are none; a
 * listener that throws is logged and skipped, so it never breaks the pool.
 */
final class Listeners {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);
    private static final PoolListener[] NONE = new PoolListener[0];

    private final CopyOnWriteArrayList<PoolListener> registered = new CopyOnWriteArrayList<>();
    /** Copy of registered for the hot path; rewritten on every change. */
    private volatile PoolListener[] current = NONE;

    void add(PoolListener listener) {
        registered.add(listener);
        current = registered.toArray(NONE);
    }

    void remove(PoolListener listener) {
        registered.remove(listener);
        current = registered.toArray(NONE);
    }

    /** @return whether any listener is registered */
    boolean any() {
        return current.length > 0;
    }

    /**
     * A checkout that ended at once, without waiting or dialing (a lock-free hit, or a miss of
     * {@code get}): reported as taking no time. It takes well under a microsecond, and timing it
     * would cost the hit path two more clock reads.
     */
    void acquiredAtOnce(String address, AcquireResult result) {
        if (current.length > 0) {
            notifyAll(l -> l.acquired(address, result, 0));
        }
    }

    /** @param startNanos when the call began, on {@code clock}; the clock is read only if someone listens */
    void acquired(String address, AcquireResult result, long startNanos, Clock clock) {
        if (current.length > 0) {
            long nanos = clock.now() - startNanos;
            notifyAll(l -> l.acquired(address, result, nanos));
        }
    }

    void dialed(String address, boolean success, long nanos) {
        if (current.length > 0) {
            notifyAll(l -> l.dialed(address, success, nanos));
        }
    }

    void returned(String address, long usageNanos) {
        if (current.length > 0) {
            notifyAll(l -> l.returned(address, usageNanos));
        }
    }

    void evicted(String address, EvictionReason reason) {
        if (current.length > 0) {
            notifyAll(l -> l.evicted(address, reason));
        }
    }

    void leakSuspected(String address, long heldNanos) {
        if (current.length > 0) {
            notifyAll(l -> l.leakSuspected(address, heldNanos));
        }
    }

    private void notifyAll(Consumer<PoolListener> event) {
        for (PoolListener listener : current) {
            try {
                event.accept(listener);
            } catch (Throwable e) {
                log.warn("Pool listener {} failed; the pool carries on", listener, e);
            }
        }
    }
}
