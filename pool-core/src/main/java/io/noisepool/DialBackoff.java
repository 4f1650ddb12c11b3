package io.noisepool;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The pool's dial backoff policy ({@link PoolConfig.Builder#dialBackoff}), after gRPC's connection
 * backoff: a failed dial makes its address refuse dials for {@code initial}; each failure of a later
 * dial doubles that, up to {@code max}; each wait is jittered by up to {@link #JITTER} either way so
 * that callers of many pools do not all come back at once; a successful dial ends it.
 *
 * <p>The state lives in each {@link Host} ({@code backoff*} fields) and is guarded by its lock:
 * every method here expects that lock held. A host backing off is not retired, so the backoff
 * outlives its last waiter; the housekeeper forgets it once it has passed and as long again without
 * another failure ({@link #housekeep}), and the host is then retired like any that holds nothing.
 *
 * <p>{@link Counters#backingOff} counts the hosts whose backoff is in force, as far as anyone has
 * looked: a host leaves the count when a caller or the housekeeper finds its backoff passed.
 */
final class DialBackoff {

    /** Each wait is the current backoff times a random factor from 1 - JITTER to 1 + JITTER (gRPC's 0.2). */
    static final double JITTER = 0.2;

    private final long initialNanos;
    private final long maxNanos;
    private final Counters counters;

    private DialBackoff(long initialNanos, long maxNanos, Counters counters) {
        this.initialNanos = initialNanos;
        this.maxNanos = maxNanos;
        this.counters = counters;
    }

    /** @return the policy the configuration asks for, or null if dial backoff is off */
    static DialBackoff of(PoolConfig config, Counters counters) {
        long initial = Arguments.nanos(config.dialBackoffInitial());
        return initial == 0 ? null : new DialBackoff(initial, Arguments.nanos(config.dialBackoffMax()), counters);
    }

    /** The soonest, counted from a failure, that a backoff it starts can end: for the housekeeper's horizon. */
    long soonestNanos() {
        return Math.max(1, (long) (initialNanos * (1 - JITTER)));
    }

    /** Whether a dial that failed this way backs its address off: the peer was reached for, and failed. */
    static boolean backsOff(PoolErrorCode code) {
        return code == PoolErrorCode.DIAL_FAILED || code == PoolErrorCode.INVALID_DIAL_RESULT
                || code == PoolErrorCode.CONNECTION_NOT_READY;
    }

    /**
     * A dial to the host failed at {@code now}: its backoff starts, or doubles if the last one had
     * passed. A dial that started before the backoff in force and fails within it leaves it as is:
     * one outage doubles the backoff once, however many dials were in flight.
     *
     * @return the pool-clock time the backoff ends
     */
    long failed(Host host, long now) {
        assert host.lock.isHeldByCurrentThread();
        if (host.backoffNanos != 0 && now < host.backoffUntil) {
            return host.backoffUntil;
        }
        long length = host.backoffNanos == 0 ? initialNanos
                : host.backoffNanos > maxNanos / 2 ? maxNanos : host.backoffNanos * 2;
        double factor = 1 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        host.backoffNanos = length;
        host.backoffUntil = Arguments.deadline(now, (long) (length * factor));
        if (!host.backingOff) {
            host.backingOff = true;
            counters.backingOff.incrementAndGet();
        }
        return host.backoffUntil;
    }

    /**
     * The host's backoff, if any, is over and forgotten: a dial to it succeeded, or the pool closed
     * (which stops the housekeeper that would otherwise forget it, and must leave no address counted).
     */
    void forget(Host host) {
        assert host.lock.isHeldByCurrentThread();
        host.backoffNanos = 0;
        uncount(host);
    }

    /** @return whether the host refuses dials at {@code now}; a backoff found passed leaves the count */
    boolean refuses(Host host, long now) {
        assert host.lock.isHeldByCurrentThread();
        if (host.backoffNanos == 0) {
            return false;
        }
        if (now < host.backoffUntil) {
            return true;
        }
        uncount(host);
        return false;
    }

    /**
     * The housekeeper's look at a host: a backoff that has passed leaves the count, and one that has
     * passed and as long again is forgotten, so that the host can be retired.
     *
     * @return the pool-clock time the host's backoff next needs a look, or {@link Long#MAX_VALUE}
     */
    long housekeep(Host host, long now) {
        assert host.lock.isHeldByCurrentThread();
        if (host.backoffNanos == 0) {
            return Long.MAX_VALUE;
        }
        if (now < host.backoffUntil) {
            return host.backoffUntil;
        }
        uncount(host);
        long forgetAt = Arguments.deadline(host.backoffUntil, host.backoffNanos);
        if (now < forgetAt) {
            return forgetAt;
        }
        host.backoffNanos = 0;
        return Long.MAX_VALUE;
    }

    private void uncount(Host host) {
        if (host.backingOff) {
            host.backingOff = false;
            counters.backingOff.decrementAndGet();
        }
    }
}
