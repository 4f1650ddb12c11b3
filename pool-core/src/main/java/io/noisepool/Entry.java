package io.noisepool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One pooled connection and its bookkeeping.
 *
 * <p>Its {@code state} word holds a phase ({@code IDLE}, {@code IN_USE}, {@code REMOVED}) and,
 * above it, a checkout generation that every claim increments. A checkout is identified by the
 * exact state its claim produced (the "hold"), so every transition out of a checkout is one
 * compare-and-set from that hold: the holder's return, a discard, a remove by another thread, the
 * end of a probe. Exactly one of them wins; a stale lease (an older generation) can never touch a
 * later checkout. {@code IDLE -> REMOVED} is likewise one CAS (eviction, close, LRU). Whoever wins
 * the move to {@code REMOVED} detaches the entry and closes the connection, so every connection is
 * closed exactly once, and whoever moves it out of {@code IN_USE} gives back its in-use count.
 */
final class Entry {

    static final long IDLE = 0;
    static final long IN_USE = 1;
    static final long REMOVED = 2;
    private static final long PHASE_MASK = 3;
    private static final int GENERATION_SHIFT = 2;
    /** The hold of a connection that was just dialed: its first checkout. */
    static final long FIRST_HOLD = (1L << GENERATION_SHIFT) | IN_USE;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Entry.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Conn conn;
    final Host host;
    /** Monotonic time the connection entered the pool; maxAge counts from here. */
    final long createdNanos;
    /**
     * Monotonic time of the last return (or creation); maxIdle and LRU count from here. Plain, not
     * volatile: the holder writes it before its CAS back to IDLE, and readers read the state first.
     */
    long lastUsedNanos;
    /**
     * Monotonic time of the current checkout. Plain: written by the claimer before it hands the
     * lease out, read by whoever ends that checkout (for the usage metric) and by leak reports.
     */
    long checkoutNanos;
    /**
     * The current checkout's lease, kept only while leak detection is on (for its stack trace);
     * else null. Not kept otherwise because storing a new object into this long-lived one on every
     * checkout costs a GC write barrier on the hot path. Always checked against the state before use.
     */
    Lease lease;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile long state;

    Entry(Conn conn, Host host, long nowNanos, long initialState) {
        this.conn = conn;
        this.host = host;
        this.createdNanos = nowNanos;
        this.lastUsedNanos = nowNanos;
        this.state = initialState;
    }

    long state() {
        return state;
    }

    static long phase(long state) {
        return state & PHASE_MASK;
    }

    boolean isIdle() {
        return phase(state) == IDLE;
    }

    boolean isRemoved() {
        return phase(state) == REMOVED;
    }

    /** @return the hold of a new checkout, or -1 if the entry is not idle (or another claimer won) */
    long claim() {
        long s = state;
        if (phase(s) != IDLE) {
            return -1;
        }
        long held = (((s >>> GENERATION_SHIFT) + 1) << GENERATION_SHIFT) | IN_USE;
        return STATE.compareAndSet(this, s, held) ? held : -1;
    }

    /** Ends the checkout {@code held} by making the entry idle; false if that checkout already ended. */
    boolean release(long held) {
        return STATE.compareAndSet(this, held, held & ~PHASE_MASK | IDLE);
    }

    /** Ends the checkout {@code held} by removing the entry; false if that checkout already ended. */
    boolean end(long held) {
        return STATE.compareAndSet(this, held, REMOVED);
    }

    /** Removes an idle entry; false if it is not idle. */
    boolean removeIdle() {
        long s = state;
        return phase(s) == IDLE && STATE.compareAndSet(this, s, REMOVED);
    }

    /**
     * Why the entry must go, judged at {@code now}; pure so that expiry is testable with numbers.
     *
     * @param maxAgeNanos 0 for no limit
     * @param maxIdleNanos 0 for no limit; ignored when {@code idleCounts} is false (a checked-out
     *     connection is not idle)
     * @return the reason, or {@code null} if it may stay
     */
    EvictionReason expiry(long now, long maxAgeNanos, long maxIdleNanos, boolean idleCounts) {
        if (maxAgeNanos > 0 && now - createdNanos >= maxAgeNanos) {
            return EvictionReason.AGE;
        }
        if (idleCounts && maxIdleNanos > 0 && now - lastUsedNanos >= maxIdleNanos) {
            return EvictionReason.IDLE;
        }
        return null;
    }

    /** The monotonic time this idle entry expires, or {@link Long#MAX_VALUE} if never. */
    long idleDeadline(long maxAgeNanos, long maxIdleNanos) {
        long deadline = Long.MAX_VALUE;
        if (maxAgeNanos > 0) {
            deadline = createdNanos + maxAgeNanos;
        }
        if (maxIdleNanos > 0) {
            deadline = Math.min(deadline, lastUsedNanos + maxIdleNanos);
        }
        return deadline;
    }
}
