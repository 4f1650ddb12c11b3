package io.noisepool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One pooled connection and its bookkeeping.
 *
 * <p>Its {@code state} word holds, from the lowest bits up: a phase ({@code IDLE}, {@code IN_USE},
 * {@code REMOVED}), a count of I/O calls running through the current checkout's lease, and a
 * checkout generation that every claim increments. A checkout is identified by its "hold": the
 * exact state its claim produced, with no I/O counted. Every transition out of a checkout is a
 * compare-and-set from that hold: the holder's return, a discard, a remove by another thread, the
 * end of a probe. Exactly one of them wins; a stale lease (an older generation) can never touch a
 * later checkout. {@code IDLE -> REMOVED} is likewise one CAS (eviction, close, LRU).
 *
 * <p>A return ({@link #release}) succeeds only while no I/O runs through the lease: if a lease is
 * closed from another thread while its owner is inside {@code read} or {@code write}, the return
 * fails and the pool removes the entry instead ({@link #end} waits for no I/O), so a connection is
 * never handed to a second caller while the first may still be using it.
 *
 * <p>Whoever wins the move to {@code REMOVED} detaches the entry and closes the connection, and
 * whoever moves it out of {@code IN_USE} gives back its in-use count; an entry is closed once.
 *
 * <p>Its fields live in {@link EntryFields}, between padding in {@link EntryPadding} and in this
 * class, so that no other object shares a cache line with them: 160 bytes in all, where the fields
 * need 56, the price of two threads never slowing each other down through entries they do not share.
 */
final class Entry extends EntryFields {

    static final long IDLE = 0;
    static final long IN_USE = 1;
    static final long REMOVED = 2;
    /** What {@link #claim()} answers when it could not claim. Holds are never negative. */
    static final long NO_HOLD = -1;
    private static final long PHASE_MASK = 3;
    private static final int IO_SHIFT = 2;
    private static final int IO_BITS = 8;
    private static final long IO_UNIT = 1L << IO_SHIFT;
    private static final long IO_MASK = ((1L << IO_BITS) - 1) << IO_SHIFT;
    private static final int GENERATION_SHIFT = IO_SHIFT + IO_BITS;
    /** Generations wrap within this mask, so a hold is never negative. */
    private static final long GENERATION_MASK = (1L << (63 - GENERATION_SHIFT)) - 1;
    /** The hold of a connection that was just dialed: its first checkout. */
    static final long FIRST_HOLD = (1L << GENERATION_SHIFT) | IN_USE;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(EntryFields.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /*
     * Padding after the fields of EntryFields (a subclass's fields are laid out after its
     * superclass's): 56 bytes, so that the last cache line the fields touch ends inside the entry at
     * any 8-byte alignment, as EntryPadding does before them. So the cache lines
     * holding the fields a checkout and a return touch hold nothing of any other object, wherever a
     * copying collector puts the entry (EntryLayoutTest checks the running JVM's layout). Without
     * it, a young GC that happened to place one thread's entry next to another thread's entry or
     * connection cut two-thread throughput to a fifth until the next GC moved them apart.
     */
    @SuppressWarnings("unused")
    private long padding1, padding2, padding3, padding4, padding5, padding6, padding7;

    /** An entry that entered the pool at {@code nowNanos}, with no age jitter. */
    Entry(Conn conn, Host host, long nowNanos, long initialState) {
        this(conn, host, nowNanos, 0, initialState);
    }

    /**
     * @param ageShortenedNanos how much sooner than maxAge after {@code nowNanos} this connection
     *     expires; 0 without jitter
     */
    Entry(Conn conn, Host host, long nowNanos, long ageShortenedNanos, long initialState) {
        super(conn, host, nowNanos - ageShortenedNanos, nowNanos, initialState);
    }

    long state() {
        return state;
    }

    static long phase(long state) {
        return state & PHASE_MASK;
    }

    /** The checkout a state belongs to: the state without its I/O count. */
    static long hold(long state) {
        return state & ~IO_MASK;
    }

    boolean isIdle() {
        return phase(state) == IDLE;
    }

    boolean isRemoved() {
        return phase(state) == REMOVED;
    }

    /** @return whether the checkout {@code held} is still the current one */
    boolean isCheckout(long held) {
        return hold(state) == held;
    }

    /** @return the hold of a new checkout, or {@link #NO_HOLD} if the entry is not idle (or another claimer won) */
    long claim() {
        long s = state;
        if (phase(s) != IDLE) {
            return NO_HOLD;
        }
        long generation = ((s >>> GENERATION_SHIFT) + 1) & GENERATION_MASK;
        long held = (generation << GENERATION_SHIFT) | IN_USE;
        return STATE.compareAndSet(this, s, held) ? held : NO_HOLD;
    }

    /**
     * Ends the checkout {@code held} by making the entry idle; false if that checkout already
     * ended, or if I/O through its lease is still running (the caller must then {@link #end} it).
     */
    boolean release(long held) {
        return STATE.compareAndSet(this, held, held & ~PHASE_MASK | IDLE);
    }

    /** Ends the checkout {@code held} by removing the entry, I/O in flight or not; false if that checkout already ended. */
    boolean end(long held) {
        while (true) {
            long s = state;
            if (hold(s) != held) {
                return false;
            }
            if (STATE.compareAndSet(this, s, REMOVED)) {
                return true;
            }
        }
    }

    /** Removes an idle entry; false if it is not idle. */
    boolean removeIdle() {
        long s = state;
        return phase(s) == IDLE && STATE.compareAndSet(this, s, REMOVED);
    }

    /**
     * Counts an I/O call through the lease of checkout {@code held}, which then cannot be returned
     * to the pool until {@link #exitIo}.
     *
     * @return false if that checkout has ended
     * @throws IllegalStateException if 255 calls already run through this lease at once
     */
    boolean enterIo(long held) {
        while (true) {
            long s = state;
            if (hold(s) != held) {
                return false;
            }
            if ((s & IO_MASK) == IO_MASK) {
                throw new IllegalStateException("Too many concurrent I/O calls through one PooledConnection");
            }
            if (STATE.compareAndSet(this, s, s + IO_UNIT)) {
                return true;
            }
        }
    }

    /** Ends an I/O call counted by {@link #enterIo}; nothing to do if the checkout was removed meanwhile. */
    void exitIo(long held) {
        while (true) {
            long s = state;
            if (hold(s) != held || STATE.compareAndSet(this, s, s - IO_UNIT)) {
                return;
            }
        }
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

    /** The pool-clock time this connection reaches maxAge, or {@link Long#MAX_VALUE} if never. */
    long ageDeadline(long maxAgeNanos) {
        return maxAgeNanos > 0 ? createdNanos + maxAgeNanos : Long.MAX_VALUE;
    }

    /**
     * The pool-clock time this idle entry is due a keepalive probe: an interval after its last use
     * or its last probe, whichever came later. A probe stamps {@link #checkoutNanos}, not
     * {@link #lastUsedNanos}, so maxIdle keeps counting; a later use stamps its checkout (or
     * {@code -1}) and then its return, so it counts from the use.
     *
     * @param intervalNanos the keepalive interval, positive and saturated (no overflow)
     */
    long keepaliveDeadline(long intervalNanos) {
        return Math.max(lastUsedNanos, checkoutNanos) + intervalNanos;
    }

    /** The pool-clock time this idle entry expires, or {@link Long#MAX_VALUE} if never. */
    long idleDeadline(long maxAgeNanos, long maxIdleNanos) {
        long deadline = ageDeadline(maxAgeNanos);
        return maxIdleNanos > 0 ? Math.min(deadline, lastUsedNanos + maxIdleNanos) : deadline;
    }
}
