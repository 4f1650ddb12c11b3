package io.noisepool;

/** Why a pool operation failed; callers branch on this, never on message text. */
public enum PoolErrorCode {
    /** The pool is closed. */
    POOL_CLOSED,
    /** No capacity for the address (per-address or total limit) and the acquire timeout is zero. */
    POOL_FULL,
    /** No connection could be had within the acquire timeout or the caller's timeout. */
    ACQUIRE_TIMEOUT,
    /** The dialer threw; the cause is attached. */
    DIAL_FAILED,
    /** The dialer returned {@code null}, or a connection the pool already holds. */
    INVALID_DIAL_RESULT,
    /** The ready check said no or threw; the connection was closed. */
    CONNECTION_NOT_READY,
    /** The connection is not (or no longer) held by the pool under that address. */
    CONNECTION_NOT_FOUND,
    /** The connection is already held by the pool; it was left open. */
    CONNECTION_ALREADY_POOLED,
    /** The connection or its address is unusable (null, or its remote address unreadable). */
    INVALID_CONNECTION,
    /** Closing the pool failed to close some connections; each failure is a suppressed exception. */
    CLOSE_PARTIAL,
    /** The calling thread was interrupted while waiting; its interrupt flag is still set. */
    INTERRUPTED,
    /**
     * Dials to the address are refused for now, because dials to it failed lately
     * ({@link PoolConfig.Builder#dialBackoff}) and no idle connection to it was there; the message
     * says until when, and the cause is the last dial failure.
     */
    DIAL_BACKOFF
}
