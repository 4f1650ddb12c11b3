package io.noisepool;

import java.time.Duration;
import java.util.List;

/**
 * A keyed pool of reusable connections, grouped by address (typically the peer's {@code host:port}).
 *
 * <p>Callers check a connection out with {@link #get} or {@link #getOrDial}, use it, and give it
 * back by closing the {@link PooledConnection} they were handed (or with {@link #release}).
 * Connections that are broken go out with {@link PooledConnection#discard()} or {@link #remove}.
 * Every connection the pool ever took in ends either pooled or closed.
 *
 * <p>All methods are safe to call from any number of platform or virtual threads. Only
 * {@link #drain} declares a checked exception; the others signal pool-level failures with
 * {@link PoolException} and bad arguments (a {@code null} or blank address, a {@code null} or
 * negative duration) with {@link IllegalArgumentException}.
 *
 * @see ConnPool the implementation
 */
public interface Pool extends AutoCloseable {

    /**
     * Checks out an idle, open, unexpired and healthy connection for the address. Expired or dead
     * idle connections met on the way are closed and removed; one that fails the health check
     * likewise, and the next is tried. Never waits for capacity. The health check runs on a pool
     * thread, each bounded by {@link PoolConfig#healthCheckTimeout()}: a check that takes longer
     * counts as failed (its connection is closed), so a check that hangs costs a probe thread,
     * never this call or a connection slot.
     *
     * @param address the pool key, not {@code null} or blank
     * @return a checked-out connection, or {@code null} if none is idle or the pool is closed
     */
    PooledConnection get(String address);

    /**
     * Like {@link #get(String)}, but the caller also waits for health checks no longer than the
     * timeout: once it passes the caller gets {@code null} even while a probe still runs. A
     * connection whose probe outlives its caller is never handed out late: it is pooled again if
     * healthy and the pool still open, else closed (at the latest when the check's own timeout
     * passes). With a health check configured, a zero timeout checks nothing and so returns
     * {@code null}: no connection is handed out unchecked.
     *
     * @param address the pool key, not {@code null} or blank
     * @param timeout how long to wait for health checks, not {@code null}, zero or more
     * @return a checked-out connection, or {@code null}
     */
    PooledConnection get(String address, Duration timeout);

    /**
     * {@link #getOrDial(String, Duration, Dialer)} with the configured {@link PoolConfig#dialTimeout()}.
     *
     * @param address the pool key, not {@code null} or blank
     * @param dialer opens a new connection when needed, not {@code null}
     * @return a checked-out connection, never {@code null}
     * @throws PoolException see {@link #getOrDial(String, Duration, Dialer)}
     */
    PooledConnection getOrDial(String address, Dialer dialer);

    /**
     * Checks out an idle healthy connection for the address or, if there is none, dials one. At
     * most {@link PoolConfig#maxConcurrentDials()} dials per address (one by default) are in flight
     * at any instant, each for a caller that asked. Capacity ({@code maxSize} per address,
     * {@code maxTotal} overall) is checked before dialing, so no handshake is wasted. When the
     * total limit is reached but other addresses hold idle connections, the least recently used of
     * those is closed to make room (never one of this address), and its slot is this caller's.
     * When the address is full, the caller waits up to the configured acquire timeout for a
     * connection of that address to come back or a slot to free.
     *
     * <p>Callers that must wait queue per address and are served first come, first served: a
     * connection returned while callers wait is handed to the oldest of them, not to a newcomer.
     * Health checks are bounded as in {@link #get(String)} and by this call's timeout.
     *
     * <p>The new connection is pooled and checked out in one step.
     *
     * @param address the pool key, not {@code null} or blank; the dialed connection's own remote
     *     address is not consulted
     * @param timeout the most the whole call may take (waiting for the dial turn plus the dial), positive
     * @param dialer opens a new connection when needed, not {@code null}
     * @return a checked-out connection, never {@code null}
     * @throws PoolException with {@link PoolErrorCode#POOL_FULL} (full, acquire timeout zero),
     *     {@link PoolErrorCode#ACQUIRE_TIMEOUT} (waited in vain), {@link PoolErrorCode#DIAL_FAILED}
     *     (the dialer threw anything, or the new connection was removed by its raw reference or
     *     found closed before it could be handed out), {@link PoolErrorCode#INVALID_DIAL_RESULT},
     *     {@link PoolErrorCode#CONNECTION_NOT_READY}, {@link PoolErrorCode#POOL_CLOSED}, or
     *     {@link PoolErrorCode#INTERRUPTED} (flag kept set; interrupted while waiting or inside the
     *     dialer; no connection was pooled for this call)
     */
    PooledConnection getOrDial(String address, Duration timeout, Dialer dialer);

    /**
     * Dials until the address holds {@code connections} connections (idle plus checked out), so
     * that the first callers find them pooled instead of paying a handshake each, as HikariCP's
     * {@code minimumIdle} does for a database. Call it at start-up, before taking traffic.
     *
     * <p>The dials follow the rules of {@link #getOrDial(String, Duration, Dialer)}: they are made
     * one after another on the calling thread, and queue with callers for the address's dial turn
     * (at most {@link PoolConfig#maxConcurrentDials()} per address), each bounded by
     * {@link PoolConfig#dialTimeout()}, waiting included; under {@code maxTotal} the least recently
     * used idle connection of another address is closed to make room, and with no room the call
     * fails as {@code getOrDial} would. Each new connection passes the ready check and ends idle in
     * the pool (or goes straight to a caller waiting for the address); none is checked out to the
     * caller. Connections already there count, and dials in flight for other callers are waited
     * for rather than doubled. At most {@code connections} dials are made, so connections that close
     * meanwhile (expired, removed) are not chased. Like a checkout, a warm-up is not stopped by
     * {@link #drain}, which waits for its dial in flight; after {@link #close()} it fails.
     *
     * @param address the pool key, not {@code null} or blank
     * @param connections how many connections the address should hold, 0 or more and at most
     *     {@code maxSize} (and {@code maxTotal} when set)
     * @param dialer opens each new connection, not {@code null}
     * @return how many connections it added; 0 when the address already held enough
     * @throws IllegalArgumentException for a {@code null} or blank address, a {@code null} dialer,
     *     or a count that is negative or above {@code maxSize} or {@code maxTotal} (which could never
     *     be reached; no dial is made)
     * @throws PoolException as {@link #getOrDial(String, Duration, Dialer)} throws it for the dial that
     *     failed ({@link PoolErrorCode#DIAL_FAILED}, {@link PoolErrorCode#POOL_FULL},
     *     {@link PoolErrorCode#POOL_CLOSED}, ...); the connections added before it stay pooled
     */
    int warmUp(String address, int connections, Dialer dialer);

    /**
     * Pools a connection as idle under its remote address, formatted {@code host:port} for an
     * {@link java.net.InetSocketAddress} (host as given, never reverse-resolved; an IPv6 host in
     * brackets) and with {@code toString()} otherwise.
     *
     * @param conn the connection, not {@code null}
     * @throws PoolException {@link PoolErrorCode#INVALID_CONNECTION} if the connection or its
     *     remote address is {@code null} or unreadable; else as {@link #put(String, Conn)}
     */
    void put(Conn conn);

    /**
     * Pools a connection as idle under a logical address. Never waits.
     *
     * @param address the pool key, not {@code null} or blank
     * @param conn the connection, not {@code null}
     * @throws PoolException {@link PoolErrorCode#CONNECTION_ALREADY_POOLED} if the pool already
     *     holds it (idle or checked out, raw or as a lease; it is left open);
     *     {@link PoolErrorCode#INVALID_CONNECTION} for a {@code null} connection (left open);
     *     and, closing the connection, {@link PoolErrorCode#CONNECTION_NOT_READY},
     *     {@link PoolErrorCode#POOL_FULL} or {@link PoolErrorCode#POOL_CLOSED}
     */
    void put(String address, Conn conn);

    /**
     * Returns a checked-out connection to the pool as idle, exactly as closing its lease would,
     * and spends the lease. A connection past {@code maxAge} or no longer open is closed instead.
     *
     * @param address the address it was checked out under
     * @param conn the {@link PooledConnection} handed out (or the raw connection it wraps)
     * @throws PoolException {@link PoolErrorCode#CONNECTION_NOT_FOUND} if it is not checked out
     *     under that address (a spent lease included); {@link PoolErrorCode#POOL_CLOSED} if the
     *     pool is closed, after closing the connection given
     */
    void release(String address, Conn conn);

    /**
     * Closes a connection and forgets it, spending its lease if it was checked out. A raw
     * connection that is being pooled at this moment (a dialer just returned it, or a
     * {@code put} is checking it) is refused by that pooling, which closes it; this call then
     * returns normally.
     *
     * @param address the address it is pooled under
     * @param conn the lease handed out, or a raw pooled connection (an idle one that was put, say)
     * @throws PoolException {@link PoolErrorCode#CONNECTION_NOT_FOUND} if the pool did not hold it
     *     under that address; it is closed all the same
     */
    void remove(String address, Conn conn);

    /**
     * Waits until no connection is checked out (or held by a health probe) and no dial is in
     * flight. Woken by the return itself, not by polling, and confirmed on the connections
     * themselves, so it never answers {@code true} while a checkout that began before it is still
     * live. It does not stop new checkouts (stop your own work first) and works after
     * {@link #close()}.
     *
     * @param timeout how long to wait, not {@code null}, zero or more
     * @return {@code true} once nothing is checked out, {@code false} on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    boolean drain(Duration timeout) throws InterruptedException;

    /**
     * Closes idle connections now, as an operator would to shed them.
     *
     * @param address only this address's, or {@code null} for every address
     * @return how many connections were closed
     */
    int evictIdle(String address);

    /**
     * A copy of every pooled connection's metadata; no live connection is reachable from it.
     *
     * @return a new list, in no particular order
     */
    List<ConnSnapshot> snapshot();

    /**
     * Current counts, read from counters (no scan, no global lock). Under concurrent use they are
     * read one by one, so they are kept consistent rather than exact: never negative, and
     * {@code inUse + available == total}.
     *
     * @return the statistics
     */
    PoolStats stats();

    /**
     * The effective configuration.
     *
     * @return the configuration, never {@code null}
     */
    PoolConfig config();

    /**
     * @return whether {@link #close()} has been called
     */
    boolean isClosed();

    /**
     * Closes the pool: idle connections at once, checked-out ones when they come back. Afterwards
     * {@code get} returns {@code null} and {@code getOrDial} and {@code put} throw
     * {@link PoolErrorCode#POOL_CLOSED}; callers waiting for capacity fail at once; background
     * work stops. Dials and probes in progress are not waited for; what they produce is closed.
     * Idempotent.
     *
     * @throws PoolException {@link PoolErrorCode#CLOSE_PARTIAL} if some connections failed to
     *     close, each failure a suppressed exception (every connection was still attempted)
     */
    @Override
    void close();
}
