package io.noisepool;

/**
 * Receives pool events, for metrics. Register one with {@link ConnPool#addListener}.
 *
 * <p>Methods are called synchronously on the thread that caused the event, without pool locks
 * held, so they must be fast and must not block; a listener that throws is logged and skipped.
 * Every method has an empty default. Durations are in nanoseconds.
 */
public interface PoolListener {

    /**
     * A {@code get} or {@code getOrDial} ended.
     *
     * @param address the pool key
     * @param result how it ended
     * @param nanos how long the call took, waits and dial included; 0 for a call served at once
     *     without waiting or dialing (it takes well under a microsecond, and the pool does not
     *     read the clock twice on its hit path to time it)
     */
    default void acquired(String address, AcquireResult result, long nanos) {}

    /**
     * A dial ended (ready check included).
     *
     * @param address the pool key
     * @param success whether it produced a pooled connection
     * @param nanos how long it took
     */
    default void dialed(String address, boolean success, long nanos) {}

    /**
     * A checked-out connection came back (returned, discarded or removed).
     *
     * @param address the pool key
     * @param usageNanos how long it was checked out
     */
    default void returned(String address, long usageNanos) {}

    /**
     * The pool closed a connection.
     *
     * @param address the pool key
     * @param reason why
     */
    default void evicted(String address, EvictionReason reason) {}

    /**
     * A checkout has lasted longer than {@link PoolConfig#leakDetectionThreshold()}: the caller
     * may have forgotten to close its {@link PooledConnection}. Called once per checkout, on the
     * pool's evictor thread, beside the WARN that logs where it was checked out; never called while
     * leak detection is off.
     *
     * @param address the pool key
     * @param heldNanos how long it had been checked out when the pool noticed, at least the threshold
     */
    default void leakSuspected(String address, long heldNanos) {}
}
