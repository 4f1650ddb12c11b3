package io.noisepool;

/** How one {@code get} or {@code getOrDial} ended, as reported to a {@link PoolListener}. */
public enum AcquireResult {
    /** An idle connection was handed out. */
    HIT,
    /** A new connection was dialed and handed out. */
    DIALED,
    /** Nothing idle, for a plain {@code get}. */
    MISS,
    /** Waited for capacity or the dial turn in vain ({@link PoolErrorCode#ACQUIRE_TIMEOUT}). */
    TIMEOUT,
    /** No capacity and no waiting allowed ({@link PoolErrorCode#POOL_FULL}). */
    FULL,
    /** Any other failure: dial, ready check, closed pool, interrupt. */
    FAILED,
    /** Refused without a dial: the address backs off after failed dials ({@link PoolErrorCode#DIAL_BACKOFF}). */
    BACKOFF
}
