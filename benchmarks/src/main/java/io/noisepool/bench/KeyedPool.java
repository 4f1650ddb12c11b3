package io.noisepool.bench;

import io.noisepool.Conn;
import io.noisepool.Dialer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One contender of a benchmark, seen through the few operations the benchmarks time. Each
 * implementation calls its pool the way that pool is meant to be used; the extra virtual call
 * costs nothing measurable because JMH forks a JVM per contender, so every call site sees one
 * implementation and is inlined.
 *
 * <p>Implementations are as thread-safe as the pool they wrap (all of them are). A lease is what
 * {@link #borrow} returned, handed back exactly once through {@link #giveBack} or {@link #discard}.
 */
public interface KeyedPool extends AutoCloseable {

    /** What every contender gives its dialer, as ours does by default. */
    Duration DIAL_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Checks out an idle connection for the key, dialing one with the pool's dialer if none is idle.
     *
     * @param key the address
     * @return the lease, never {@code null}
     */
    Object borrow(String key);

    /**
     * Returns a lease to the pool as idle.
     *
     * @param key the address it was borrowed under
     * @param lease what {@link #borrow} returned
     */
    void giveBack(String key, Object lease);

    /**
     * Closes the leased connection and drops it from the pool.
     *
     * @param key the address it was borrowed under
     * @param lease what {@link #borrow} returned
     */
    void discard(String key, Object lease);

    /**
     * Reads the pool's counts the cheapest way the pool offers (our {@code stats()}, or what its
     * own gauges would call).
     *
     * @return a number derived from the counts, so the JIT cannot drop the read
     */
    long stats();

    /**
     * Closes every idle connection: ours through {@code evictIdle(null)}, Commons Pool2 through its
     * evictor pass (configured so that every idle object has expired), the others by walking
     * their structures.
     *
     * @return how many connections were closed
     */
    int evictIdle();

    /** Closes the pool and every connection it holds. */
    @Override
    void close();

    /**
     * Warms the key up: leaves {@code count} idle connections pooled under it, by borrowing that
     * many at once and giving them all back.
     *
     * @param key the address
     * @param count how many connections to leave idle
     */
    default void fill(String key, int count) {
        List<Object> leases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            leases.add(borrow(key));
        }
        for (Object lease : leases) {
            giveBack(key, lease);
        }
    }

    /**
     * Dials for a pool that has no dial handling of its own.
     *
     * @param dialer the benchmark's dialer
     * @param key the address, for the message
     * @return the new connection
     * @throws IllegalStateException wrapping whatever the dialer threw
     */
    static Conn dial(Dialer dialer, String key) {
        try {
            return dialer.dial(DIAL_TIMEOUT);
        } catch (Exception e) {
            throw new IllegalStateException("dial failed for " + key, e);
        }
    }

    /**
     * Closes a connection a pool let go of.
     *
     * @param conn the connection
     * @throws java.io.UncheckedIOException if closing fails (a fake connection never does)
     */
    static void closeConn(Conn conn) {
        try {
            conn.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
