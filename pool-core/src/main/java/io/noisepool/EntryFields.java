package io.noisepool;

/**
 * The fields of an {@link Entry}: the connection, its address, its timestamps and its state word.
 * They are declared apart from {@code Entry} only so that the JVM lays them out between the padding
 * of {@link EntryPadding} and that of {@code Entry} (a subclass's fields follow its superclass's);
 * every rule about them is stated on the fields and on {@code Entry}.
 */
abstract class EntryFields extends EntryPadding {

    final Conn conn;
    final Host host;
    /**
     * Pool-clock time maxAge counts from: when the connection entered the pool, moved earlier by
     * its share of maxAgeJitter (so the jitter costs no field of its own). May be negative.
     */
    final long createdNanos;
    /**
     * Pool-clock time of the last return (or creation); maxIdle and LRU count from here. Plain, not
     * volatile: the holder writes it before its CAS back to IDLE, and readers read the state first.
     */
    long lastUsedNanos;
    /**
     * Pool-clock time of the current checkout, or of the last keepalive probe (which claims the
     * entry, but hands out no lease). Plain: written by the claimer before it hands the lease out or
     * starts the probe, read by whoever ends that checkout (for the usage metric), by leak reports,
     * by snapshots (which allow for a stale read, see {@link ConnSnapshot#checkedOutFor()}) and,
     * while idle, by the keepalive schedule ({@link Entry#keepaliveDeadline}).
     */
    long checkoutNanos;
    /**
     * The current checkout's lease, kept only while leak detection is on (for its stack trace);
     * else null. Set after the claim, cleared by the returner before its release CAS (after it, a
     * new checkout may already have stored its own). Always checked against the state before use.
     */
    Lease lease;

    /** The phase, I/O count and generation (see {@link Entry}); read and changed only through {@code Entry.STATE}. */
    volatile long state;

    EntryFields(Conn conn, Host host, long createdNanos, long lastUsedNanos, long initialState) {
        this.conn = conn;
        this.host = host;
        this.createdNanos = createdNanos;
        this.lastUsedNanos = lastUsedNanos;
        this.state = initialState;
    }
}
