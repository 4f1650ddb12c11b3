package io.noisepool;

import java.util.Locale;

/** Why the pool closed a connection, as reported to a {@link PoolListener}. */
public enum EvictionReason {
    /** Idle longer than {@code maxIdle}. */
    IDLE,
    /** Older than {@code maxAge}. */
    AGE,
    /** Failed the health check, or found closed. */
    UNHEALTHY,
    /** Discarded or removed by the caller. */
    DISCARDED,
    /** Closed to make room under {@code maxTotal}. */
    LRU,
    /** Closed by {@link Pool#evictIdle(String)}, e.g. from the Actuator endpoint. */
    MANUAL,
    /** Closed because the pool closed. */
    CLOSED;

    /**
     * @return the lower-case name used as a metric tag ({@code idle}, {@code age}, ...)
     */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
