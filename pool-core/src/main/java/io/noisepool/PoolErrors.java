package io.noisepool;

/** The pool's exceptions, worded in one place: what happened, to which address, the counts, what to do. */
final class PoolErrors {

    private PoolErrors() {}

    /**
     * POOL_FULL or ACQUIRE_TIMEOUT for a host, naming its counts and the pool's, with the host's
     * last dial failure as cause. The caller holds the host's lock, so the counts agree.
     */
    static PoolException capacity(PoolErrorCode code, Host host, long waitedNanos, int maxSize, int maxTotal,
            int slotsUsed) {
        assert host.lock.isHeldByCurrentThread();
        String counts = host.count(Entry.IN_USE) + "/" + (maxSize > 0 ? String.valueOf(maxSize) : "unbounded")
                + " in use, " + host.count(Entry.IDLE) + " idle, " + host.waiters + " waiting"
                + (host.dialing ? ", 1 dialing" : "") + "; " + slotsUsed + "/"
                + (maxTotal > 0 ? String.valueOf(maxTotal) : "unlimited") + " total";
        String message = code == PoolErrorCode.POOL_FULL
                ? "No capacity for a connection to " + host.address + " (" + counts + "). Raise maxSize"
                        + " (noise.pool.max-size) or maxTotal (noise.pool.max-total), or set acquireTimeout"
                        + " (noise.pool.acquire-timeout) to wait for a connection to come back."
                : "No connection to " + host.address + " within " + Arguments.millis(waitedNanos)
                        + " ms (" + counts + "). Raise maxSize (noise.pool.max-size) or acquireTimeout"
                        + " (noise.pool.acquire-timeout).";
        return new PoolException(code, message, host.lastDialFailure);
    }

    static PoolException poolClosed(String address) {
        return new PoolException(PoolErrorCode.POOL_CLOSED, "The pool is closed; no connection to " + address
                + " can be checked out or pooled. Use a new pool.");
    }

    static PoolException alreadyPooled(String address, Conn conn) {
        return new PoolException(PoolErrorCode.CONNECTION_ALREADY_POOLED, "The pool already holds " + conn
                + "; it was left open and not pooled again under " + address);
    }

    static PoolException notFound(String address, Conn conn, String how) {
        return new PoolException(PoolErrorCode.CONNECTION_NOT_FOUND,
                "The pool holds no " + how + " connection " + conn + " under " + address);
    }
}
