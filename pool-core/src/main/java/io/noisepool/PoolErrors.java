package io.noisepool;

import java.time.Instant;

/**
 * The pool's exceptions, worded in one place: what happened, to which address, the counts, what to
 * do. Messages are built here, never under a pool lock, and every address or connection named in
 * one is {@linkplain Arguments#printable escaped}.
 */
final class PoolErrors {

    private PoolErrors() {}

    /** POOL_FULL or ACQUIRE_TIMEOUT, naming the counts copied under the host's lock, with its last dial failure as cause. */
    static PoolException capacity(PoolErrorCode code, Capacity c, long waitedNanos) {
        String counts = c.inUse() + "/" + (c.maxSize() > 0 ? String.valueOf(c.maxSize()) : "unbounded")
                + " in use, " + c.idle() + " idle, " + c.waiting() + " waiting"
                + (c.dialing() > 0 ? ", " + c.dialing() + " dialing" : "") + "; " + c.slotsUsed() + "/"
                + (c.maxTotal() > 0 ? String.valueOf(c.maxTotal()) : "unlimited") + " total";
        String address = Arguments.printable(c.address());
        String message = code == PoolErrorCode.POOL_FULL
                ? "No capacity for a connection to " + address + " (" + counts + "). Raise maxSize"
                        + " (noise.pool.max-size) or maxTotal (noise.pool.max-total), or set acquireTimeout"
                        + " (noise.pool.acquire-timeout) to wait for a connection to come back."
                : "No connection to " + address + " within " + Arguments.millis(waitedNanos)
                        + " ms (" + counts + "). Raise maxSize (noise.pool.max-size) or acquireTimeout"
                        + " (noise.pool.acquire-timeout).";
        return new PoolException(code, message, c.lastDialFailure());
    }

    /** DIAL_BACKOFF, saying until when, with the last dial failure as cause. */
    static PoolException dialBackoff(String address, Instant until, long remainingNanos, Throwable lastFailure) {
        return new PoolException(PoolErrorCode.DIAL_BACKOFF, "Not dialing " + Arguments.printable(address) + " until "
                + until + " (another " + Arguments.millis(remainingNanos) + " ms): dials to it failed lately and the"
                + " pool backs off (dialBackoff, noise.pool.dial-backoff.*); idle connections to it are still handed"
                + " out. The last dial failure is the cause.", lastFailure);
    }

    static PoolException poolClosed(String address) {
        return new PoolException(PoolErrorCode.POOL_CLOSED, "The pool is closed; no connection to "
                + Arguments.printable(address) + " can be checked out or pooled. Use a new pool.");
    }

    static PoolException interrupted(String address) {
        return new PoolException(PoolErrorCode.INTERRUPTED, "Interrupted while waiting for a connection to "
                + Arguments.printable(address) + "; nothing was pooled for this call");
    }

    static PoolException alreadyPooled(String address, Conn conn) {
        return new PoolException(PoolErrorCode.CONNECTION_ALREADY_POOLED, "The pool already holds "
                + Arguments.printable(conn) + "; it was left open and not pooled again under " + Arguments.printable(address));
    }

    static PoolException notFound(String address, Conn conn, String how) {
        return new PoolException(PoolErrorCode.CONNECTION_NOT_FOUND, "The pool holds no " + how + " connection "
                + Arguments.printable(conn) + " under " + Arguments.printable(address));
    }
}
