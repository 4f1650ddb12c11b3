package io.noisepool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Pool} implementation: a keyed pool of connections with per-address and total limits,
 * serialised dials per address, expiry by age and idle time, optional health and ready checks,
 * leak detection, event-driven drain and counters-based stats.
 *
 * <p>Defaults (see {@link PoolConfig}): {@value #DEFAULT_MAX_SIZE} connections per address, no
 * total limit, {@link #DEFAULT_MAX_AGE} maximum age, {@link #DEFAULT_MAX_IDLE} maximum idle time,
 * fail fast when full, {@link #DEFAULT_DIAL_TIMEOUT} for a dial without a timeout of its own,
 * {@link #DEFAULT_HEALTH_CHECK_TIMEOUT} for one health check.
 *
 * <p><b>How it works.</b> Each address has a {@link Host} holding its entries. Taking an idle
 * connection and giving it back are a compare-and-set on the entry, with no lock. Dialing,
 * waiting, pooling and removing take the host's lock, never a pool-wide one, and no lock is held
 * across a dial, a health or ready check, a close or a listener call. At most one dial per address
 * is in flight (the host's {@code dialing} flag); callers waiting for capacity or for their dial
 * turn park on the host's condition. A host is dropped as soon as it holds nothing, so the pool
 * retains nothing for addresses it no longer talks to.
 *
 * <p>One daemon thread per pool ({@code noisepool-evictor-N}) closes expired idle connections and
 * reports leaks; it starts only when a limit or leak detection needs it and ends on {@link #close()}.
 * Health checks bounded by {@link #get(String, Duration)} run on daemon threads named
 * {@code noisepool-probe-N-M}, started on demand.
 */
public final class ConnPool implements Pool {

    /** Default connections per address. */
    public static final int DEFAULT_MAX_SIZE = 10;
    /** Default maximum age of a connection: 30 minutes. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(30);
    /** Default maximum idle time of a connection: 5 minutes. */
    public static final Duration DEFAULT_MAX_IDLE = Duration.ofMinutes(5);
    /** Default timeout of {@link #getOrDial(String, Dialer)}: 30 seconds. */
    public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(30);
    /** Default bound on one health check: 5 seconds. */
    public static final Duration DEFAULT_HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ConnPool.class);
    private static final AtomicInteger POOL_IDS = new AtomicInteger();
    /** Usage of a claim that never reached a caller (a probe, a closed pool): not reported as a return. */
    private static final long NOT_HANDED_OUT = Long.MIN_VALUE;

    private final int id = POOL_IDS.incrementAndGet();
    private final PoolConfig config;
    private final int maxSize;
    private final int maxTotal;
    private final long maxAgeNanos;
    private final long maxIdleNanos;
    private final long acquireTimeoutNanos;
    private final long leakNanos;
    /** Wall-clock and monotonic time at creation, to turn entry timestamps into instants. */
    private final long epochWallMillis = System.currentTimeMillis();
    private final long epochNanos = System.nanoTime();

    private final HostTable hosts;
    private final ConnRegistry registry = new ConnRegistry();
    private final Counters counters = new Counters();
    private final Housekeeper housekeeper;
    private final ExecutorService probes;
    private final DrainSignal drainSignal = new DrainSignal();
    private final Listeners listeners = new Listeners();

    private final AtomicBoolean closing = new AtomicBoolean();
    /** Only moves false to true. Read after every publication of an idle entry (see checkin). */
    private volatile boolean closed;

    /** A pool with the defaults. */
    public ConnPool() {
        this(PoolConfig.builder().build());
    }

    /**
     * @param config the configuration, not {@code null}
     */
    public ConnPool(PoolConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.maxSize = config.maxSize();
        this.maxTotal = config.maxTotal();
        // Saturated: a limit of centuries means "never", not an overflow.
        this.maxAgeNanos = Arguments.nanos(config.maxAge());
        this.maxIdleNanos = Arguments.nanos(config.maxIdle());
        this.acquireTimeoutNanos = Arguments.nanos(config.acquireTimeout());
        this.leakNanos = Arguments.nanos(config.leakDetectionThreshold());
        this.hosts = new HostTable(maxTotal, counters);
        if (maxAgeNanos > 0 || maxIdleNanos > 0 || leakNanos > 0) {
            housekeeper = new Housekeeper("noisepool-evictor-" + id, this::housekeep);
            housekeeper.start();
        } else {
            housekeeper = null;
        }
        probes = config.healthCheck() == null ? null : newProbeExecutor();
    }

    /**
     * Registers a listener for pool events (metrics). Thread-safe; takes effect for events after
     * it returns.
     *
     * @param listener the listener, not {@code null}
     */
    public void addListener(PoolListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Unregisters a listener; does nothing if it was not registered.
     *
     * @param listener the listener
     */
    public void removeListener(PoolListener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- checkout

    @Override
    public PooledConnection get(String address) {
        Arguments.requireAddress(address);
        long start = System.nanoTime();
        Lease lease = closed ? null : takeIdle(hosts.get(address), start, false, 0);
        listeners.acquired(address, lease == null ? AcquireResult.MISS : AcquireResult.HIT, start);
        return lease;
    }

    @Override
    public PooledConnection get(String address, Duration timeout) {
        Arguments.requireAddress(address);
        long timeoutNanos = Arguments.requireNonNegative("timeout", timeout);
        long start = System.nanoTime();
        Lease lease = null;
        if (!closed) {
            lease = takeIdle(hosts.get(address), start, probes != null, Arguments.deadline(start, timeoutNanos));
        }
        listeners.acquired(address, lease == null ? AcquireResult.MISS : AcquireResult.HIT, start);
        return lease;
    }

    @Override
    public PooledConnection getOrDial(String address, Dialer dialer) {
        return getOrDial(address, config.dialTimeout(), dialer);
    }

    @Override
    public PooledConnection getOrDial(String address, Duration timeout, Dialer dialer) {
        Arguments.requireAddress(address);
        long timeoutNanos = Arguments.requireNonNegative("timeout", timeout);
        if (timeoutNanos == 0) {
            throw new IllegalArgumentException("timeout must be positive: it bounds the dial, and a dial cannot take no time");
        }
        if (dialer == null) {
            throw new IllegalArgumentException("dialer must not be null");
        }
        long start = System.nanoTime();
        try {
            if (closed) {
                throw PoolErrors.poolClosed(address);
            }
            Lease lease = takeIdle(hosts.get(address), start, false, 0);
            if (lease == null) {
                lease = acquireOrDial(address, start, Arguments.deadline(start, timeoutNanos), dialer);
            }
            listeners.acquired(address, lease.fresh() ? AcquireResult.DIALED : AcquireResult.HIT, start);
            return lease;
        } catch (PoolException e) {
            listeners.acquired(address, resultOf(e.code()), start);
            throw e;
        }
    }

    /**
     * Takes an idle connection of the host, lock-free: claims entries by CAS, closing expired,
     * dead and unhealthy ones on the way.
     *
     * @param boundedProbe whether the health check runs on a pool thread, bounded by
     *     {@code probeDeadline} (monotonic); else it runs on this thread
     * @return a lease, or null if none is left
     */
    private Lease takeIdle(Host host, long now, boolean boundedProbe, long probeDeadline) {
        if (host == null) {
            return null;
        }
        Entry[] entries = host.entries;
        int n = entries.length;
        // Each thread starts at its own offset, so that threads sharing an address do not all
        // race for the same first entries; a lone thread keeps reusing the same ones.
        int start = n <= 1 ? 0 : (int) (Thread.currentThread().getId() % n);
        for (int i = 0; i < n; i++) {
            Entry entry = entries[(start + i) % n];
            long held = entry.claim();
            if (held < 0) {
                continue;
            }
            counters.inUse.increment();
            if (closed) {
                endUse(entry, held, EvictionReason.CLOSED, NOT_HANDED_OUT);
                return null;
            }
            EvictionReason reason = entry.expiry(now, maxAgeNanos, maxIdleNanos, true);
            if (reason == null && !entry.conn.isOpen()) {
                reason = EvictionReason.UNHEALTHY;
            }
            if (reason == null && config.healthCheck() != null) {
                HealthProbe.Verdict verdict = boundedProbe
                        ? HealthProbe.runBounded(config.healthCheck(), entry, held, probes, probeDeadline, this)
                        : HealthProbe.runHere(config.healthCheck(), entry);
                if (verdict == HealthProbe.Verdict.ABANDONED) {
                    return null;
                }
                if (verdict == HealthProbe.Verdict.UNHEALTHY) {
                    reason = EvictionReason.UNHEALTHY;
                }
            }
            if (reason != null) {
                endUse(entry, held, reason, NOT_HANDED_OUT);
                continue;
            }
            Lease lease = lease(entry, held, now, false);
            // A remove by raw connection may have ended this checkout during the probe; it then
            // closed the connection and gave back the in-use count.
            if (entry.state() == held) {
                return lease;
            }
        }
        return null;
    }

    /** The lease for the checkout {@code held} of an entry. */
    private Lease lease(Entry entry, long held, long now, boolean fresh) {
        Throwable origin = leakNanos > 0
                ? new Throwable("Connection to " + entry.host.address + " checked out here") : null;
        Lease lease = new Lease(this, entry, held, origin, fresh);
        entry.checkoutNanos = now;
        if (leakNanos > 0) {
            entry.lease = lease;
            housekeeper.dueBy(now + leakNanos);
        }
        return lease;
    }

    /**
     * The slow path of getOrDial: under the host's lock, decide between taking an idle connection,
     * dialing (if capacity allows and no dial is in flight), evicting the least recently used idle
     * connection elsewhere (total limit) or waiting.
     */
    private Lease acquireOrDial(String address, long start, long deadline, Dialer dialer) {
        long capacityDeadline = acquireTimeoutNanos == 0 ? start : Math.min(deadline, Arguments.deadline(start, acquireTimeoutNanos));
        Host host = hosts.locked(address);
        host.users++;
        boolean waiting = false;
        boolean waitingForTotal = false;
        try {
            while (true) {
                if (closed) {
                    throw PoolErrors.poolClosed(address);
                }
                if (host.hasIdle()) {
                    host.lock.unlock();
                    try {
                        Lease lease = takeIdle(host, System.nanoTime(), false, 0);
                        if (lease != null) {
                            return lease;
                        }
                    } finally {
                        host.lock.lock();
                    }
                    continue;
                }
                boolean full;
                if (host.dialing) {
                    full = false;
                } else if (maxSize > 0 && host.slotsUsed() >= maxSize) {
                    full = true;
                } else if (hosts.reserveSlot()) {
                    host.dialing = true;
                    break;
                } else {
                    host.lock.unlock();
                    boolean evicted;
                    try {
                        evicted = evictLeastRecentlyUsed();
                    } finally {
                        host.lock.lock();
                    }
                    if (evicted) {
                        continue;
                    }
                    full = true;
                    if (!waitingForTotal) {
                        waitingForTotal = true;
                        hosts.totalWaiterArrived();
                    }
                }
                long now = System.nanoTime();
                long waitUntil = full ? capacityDeadline : deadline;
                if (now - waitUntil >= 0) {
                    throw full && acquireTimeoutNanos == 0
                            ? PoolErrors.capacity(PoolErrorCode.POOL_FULL, host, 0, maxSize, maxTotal, hosts.slotsUsed())
                            : PoolErrors.capacity(PoolErrorCode.ACQUIRE_TIMEOUT, host, now - start, maxSize, maxTotal, hosts.slotsUsed());
                }
                if (!waiting) {
                    waiting = true;
                    host.waiters++;
                    counters.pending.incrementAndGet();
                }
                host.await(waitUntil - now);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolException(PoolErrorCode.INTERRUPTED,
                    "Interrupted while waiting for a connection to " + address + "; nothing was dialed", e);
        } finally {
            host.users--;
            if (waiting) {
                host.waiters--;
                counters.pending.decrementAndGet();
            }
            if (waitingForTotal) {
                hosts.totalWaiterLeft();
            }
            hosts.retireIfUnused(host);
            host.lock.unlock();
        }
        return dial(host, start, deadline, dialer);
    }

    /** Dials with the host's dial turn and one slot reserved; gives both back whatever happens. */
    private Lease dial(Host host, long start, long deadline, Dialer dialer) {
        String address = host.address;
        counters.dialing.incrementAndGet();
        counters.dials.increment();
        long dialStart = System.nanoTime();
        Entry entry = null;
        PoolException failure = null;
        try {
            long remaining = deadline - dialStart;
            if (remaining <= 0) {
                throw new PoolException(PoolErrorCode.ACQUIRE_TIMEOUT,
                        "No time left to dial " + address + " after waiting " + Arguments.millis(dialStart - start) + " ms");
            }
            Conn conn = callDialer(dialer, address, Duration.ofNanos(remaining));
            if (!registry.reserve(conn)) {
                throw new PoolException(PoolErrorCode.INVALID_DIAL_RESULT, "The dialer for " + address
                        + " returned a connection the pool already holds (" + conn + "); a dialer must open a new one");
            }
            try {
                checkReady(conn, address);
                entry = new Entry(conn, host, System.nanoTime(), Entry.FIRST_HOLD);
                registry.bind(conn, entry);
            } catch (PoolException e) {
                registry.forget(conn);
                closeQuietly(conn, address);
                throw e;
            }
        } catch (PoolException e) {
            failure = e;
        } finally {
            counters.dialing.decrementAndGet();
            finishDial(host, entry, failure);
        }
        long now = System.nanoTime();
        listeners.dialed(address, failure == null, now - dialStart);
        if (failure != null) {
            counters.dialFailures.increment();
            throw failure;
        }
        if (closed) {
            // close() may have scanned this host before our entry joined it; the entry is ours to end.
            endUse(entry, Entry.FIRST_HOLD, EvictionReason.CLOSED, NOT_HANDED_OUT);
            throw PoolErrors.poolClosed(address);
        }
        if (housekeeper != null) {
            housekeeper.dueBy(entry.idleDeadline(maxAgeNanos, maxIdleNanos));
        }
        Lease lease = lease(entry, Entry.FIRST_HOLD, now, true);
        if (entry.state() != Entry.FIRST_HOLD) {
            throw new PoolException(PoolErrorCode.DIAL_FAILED,
                    "The new connection to " + address + " was removed from the pool before it could be handed out");
        }
        return lease;
    }

    private Conn callDialer(Dialer dialer, String address, Duration timeout) {
        Conn conn;
        try {
            conn = dialer.dial(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolException(PoolErrorCode.INTERRUPTED, "Interrupted while dialing " + address, e);
        } catch (Exception e) {
            throw new PoolException(PoolErrorCode.DIAL_FAILED, "Dial to " + address + " failed: " + e, e);
        }
        if (conn == null) {
            throw new PoolException(PoolErrorCode.INVALID_DIAL_RESULT,
                    "The dialer for " + address + " returned null; a dialer must return a connection or throw");
        }
        return conn;
    }

    /** Ends the dial turn: pools the new entry as checked out, or records the failure and frees the slot. */
    private void finishDial(Host host, Entry entry, PoolException failure) {
        host.lock.lock();
        try {
            host.dialing = false;
            if (entry != null) {
                hosts.add(host, entry);
                counters.inUse.increment();
            } else {
                hosts.releaseSlot();
                host.lastDialFailure = failure == null ? null : failure.getCause() != null ? failure.getCause() : failure;
            }
            host.signalAll();
            hosts.retireIfUnused(host);
        } finally {
            host.lock.unlock();
        }
        if (entry == null) {
            hosts.wakeTotalWaiters();
        }
    }

    private void checkReady(Conn conn, String address) {
        ReadyCheck check = config.readyCheck();
        if (check == null) {
            return;
        }
        Throwable thrown = null;
        boolean ready = false;
        try {
            ready = check.isReady(conn);
        } catch (Exception | Error e) {
            // Errors too (an AssertionError in a check, say): the connection must still be closed and forgotten.
            thrown = e;
            log.warn("Ready check for a connection to {} threw; treating it as not ready", address, e);
        }
        if (!ready) {
            throw new PoolException(PoolErrorCode.CONNECTION_NOT_READY, "The connection to " + address
                    + " failed the ready check and was closed; pool only connections whose handshake is complete", thrown);
        }
    }

    // ---------------------------------------------------------------- put, release, remove

    @Override
    public void put(Conn conn) {
        if (conn == null) {
            throw new PoolException(PoolErrorCode.INVALID_CONNECTION, "Cannot pool a null connection");
        }
        put(Arguments.addressOf(conn), conn);
    }

    @Override
    public void put(String address, Conn conn) {
        Arguments.requireAddress(address);
        if (conn == null) {
            throw new PoolException(PoolErrorCode.INVALID_CONNECTION, "Cannot pool a null connection under " + address);
        }
        if (conn instanceof Lease && ((Lease) conn).pool == this) {
            Lease lease = (Lease) conn;
            if (!lease.entry.isRemoved()) {
                throw PoolErrors.alreadyPooled(address, conn);
            }
            throw new PoolException(PoolErrorCode.INVALID_CONNECTION, "Cannot pool a spent PooledConnection for "
                    + address + "; its connection was already closed");
        }
        if (!registry.reserve(conn)) {
            throw PoolErrors.alreadyPooled(address, conn);
        }
        Entry entry = null;
        try {
            if (closed) {
                throw PoolErrors.poolClosed(address);
            }
            checkReady(conn, address);
            entry = addIdle(address, conn);
        } finally {
            if (entry == null) {
                registry.forget(conn);
                closeQuietly(conn, address);
            }
        }
        if (closed && entry.removeIdle()) {
            evict(entry, EvictionReason.CLOSED);
            throw PoolErrors.poolClosed(address);
        }
        afterIdle(entry);
    }

    /** Adds a put connection as idle if capacity allows, making room by LRU eviction under maxTotal. */
    private Entry addIdle(String address, Conn conn) {
        while (true) {
            Host host = hosts.locked(address);
            try {
                if (maxSize > 0 && host.slotsUsed() >= maxSize) {
                    throw PoolErrors.capacity(PoolErrorCode.POOL_FULL, host, 0, maxSize, maxTotal, hosts.slotsUsed());
                }
                if (hosts.reserveSlot()) {
                    Entry entry = new Entry(conn, host, System.nanoTime(), Entry.IDLE);
                    // Bound before the entry is visible in its host: whoever checks it out at once may
                    // release or remove it by its raw connection. (Lock order: host, then registry.)
                    registry.bind(conn, entry);
                    hosts.add(host, entry);
                    return entry;
                }
            } finally {
                hosts.retireIfUnused(host);
                host.lock.unlock();
            }
            if (!evictLeastRecentlyUsed()) {
                Host again = hosts.locked(address);
                try {
                    throw PoolErrors.capacity(PoolErrorCode.POOL_FULL, again, 0, maxSize, maxTotal, hosts.slotsUsed());
                } finally {
                    hosts.retireIfUnused(again);
                    again.lock.unlock();
                }
            }
        }
    }

    @Override
    public void release(String address, Conn conn) {
        Arguments.requireAddress(address);
        // The checkout to end: the lease's own, or the current one of a raw connection.
        Entry entry;
        long held;
        if (conn instanceof Lease && ((Lease) conn).pool == this) {
            entry = ((Lease) conn).entry;
            held = ((Lease) conn).held;
        } else {
            entry = conn == null ? null : registry.find(conn);
            held = entry == null ? Entry.REMOVED : entry.state();
        }
        boolean checkedOut = entry != null && Entry.phase(held) == Entry.IN_USE;
        if (closed) {
            boolean ended = checkedOut && checkin(entry, held);
            if (!ended && conn != null && !(conn instanceof Lease)) {
                closeQuietly(conn, address);
            }
            throw PoolErrors.poolClosed(address);
        }
        if (!checkedOut || !entry.host.address.equals(address) || !checkin(entry, held)) {
            throw PoolErrors.notFound(address, conn, "checked out");
        }
    }

    @Override
    public void remove(String address, Conn conn) {
        Arguments.requireAddress(address);
        if (conn == null) {
            throw new PoolException(PoolErrorCode.INVALID_CONNECTION, "Cannot remove a null connection from " + address);
        }
        Entry entry;
        if (conn instanceof Lease && ((Lease) conn).pool == this) {
            Lease lease = (Lease) conn;
            if (!discard(lease, EvictionReason.DISCARDED)) {
                // A spent lease no longer owns its connection, which may be someone else's checkout by now.
                throw PoolErrors.notFound(address, conn, "checked out");
            }
            entry = lease.entry;
        } else {
            entry = registry.find(conn);
            if (entry == null || !removeEntry(entry)) {
                closeQuietly(conn, address);
                throw PoolErrors.notFound(address, conn, "pooled");
            }
        }
        if (!entry.host.address.equals(address)) {
            throw PoolErrors.notFound(address, conn, "pooled (it was pooled under " + entry.host.address + " and is closed now)");
        }
    }

    /**
     * Removes an entry whatever its state: idle, or checked out (ending that checkout, so its lease
     * is spent), or being probed (the probe's end then finds its checkout gone).
     *
     * @return false if it was already gone
     */
    private boolean removeEntry(Entry entry) {
        while (true) {
            long state = entry.state();
            long phase = Entry.phase(state);
            if (phase == Entry.REMOVED) {
                return false;
            }
            if (phase == Entry.IDLE) {
                if (entry.removeIdle()) {
                    evict(entry, EvictionReason.DISCARDED);
                    return true;
                }
            } else if (endUse(entry, state, EvictionReason.DISCARDED, System.nanoTime() - entry.checkoutNanos)) {
                return true;
            }
        }
    }

    /**
     * Ends a checkout by returning its connection to the pool, or closing it if it may not stay.
     *
     * @return false if the checkout {@code held} had already ended (its lease was spent)
     */
    boolean checkin(Entry entry, long held) {
        if (entry.state() != held) {
            return false;
        }
        long now = System.nanoTime();
        EvictionReason reason = closed ? EvictionReason.CLOSED : entry.expiry(now, maxAgeNanos, maxIdleNanos, false);
        if (reason == null && !entry.conn.isOpen()) {
            reason = EvictionReason.UNHEALTHY;
        }
        long usage = now - entry.checkoutNanos;
        return reason != null ? endUse(entry, held, reason, usage) : giveBack(entry, held, now, usage);
    }

    /**
     * Makes the checkout {@code held} idle again, stamped as used at {@code lastUsed}, and tells
     * whoever waits for it.
     *
     * @param usageNanos how long it was checked out, reported to listeners before anyone can see
     *     the return (a drain, say); {@link #NOT_HANDED_OUT} for a probe's claim
     * @return false if that checkout had already ended
     */
    private boolean giveBack(Entry entry, long held, long lastUsed, long usageNanos) {
        Lease lease = entry.lease;
        entry.lastUsedNanos = lastUsed;
        if (!entry.release(held)) {
            return false;
        }
        if (lease != null && lease.held == held) {
            entry.lease = null;
        }
        reportReturned(entry, usageNanos);
        counters.inUse.decrement();
        // Pairs with close(): it sets closed, then takes idle entries; our CAS published IDLE, then we read closed.
        if (closed) {
            if (entry.removeIdle()) {
                evict(entry, EvictionReason.CLOSED);
            }
        } else {
            afterIdle(entry);
        }
        drainSignal.inUseDropped();
        return true;
    }

    /**
     * Ends the checkout {@code held} by removing the entry and closing its connection.
     *
     * @param usageNanos as for {@link #giveBack}
     * @return false if that checkout had already ended
     */
    private boolean endUse(Entry entry, long held, EvictionReason reason, long usageNanos) {
        if (!entry.end(held)) {
            return false;
        }
        reportReturned(entry, usageNanos);
        counters.inUse.decrement();
        drainSignal.inUseDropped();
        evict(entry, reason);
        return true;
    }

    private void reportReturned(Entry entry, long usageNanos) {
        if (usageNanos != NOT_HANDED_OUT) {
            listeners.returned(entry.host.address, usageNanos);
        }
    }

    private void afterIdle(Entry entry) {
        entry.host.wakeWaiters();
        hosts.wakeTotalWaiters();
        if (housekeeper != null) {
            housekeeper.dueBy(entry.idleDeadline(maxAgeNanos, maxIdleNanos));
        }
    }

    /**
     * Ends a lease by closing its connection (discard, remove).
     *
     * @return false if the lease was already spent
     */
    boolean discard(Lease lease, EvictionReason reason) {
        return endUse(lease.entry, lease.held, reason, System.nanoTime() - lease.entry.checkoutNanos);
    }

    /**
     * Detaches an entry its caller moved to REMOVED, closes its connection and tells waiters a slot
     * is free.
     *
     * @return what closing threw, or null
     */
    private Throwable evict(Entry entry, EvictionReason reason) {
        Host host = entry.host;
        hosts.detach(entry);
        registry.forget(entry.conn);
        if (reason != EvictionReason.CLOSED) {
            counters.evictions.increment();
        }
        Throwable failure = closeQuietly(entry.conn, host.address);
        listeners.evicted(host.address, reason);
        return failure;
    }

    /** Called by a bounded probe that outlived its caller: the entry goes back to idle, or out. */
    void probeAbandoned(Entry entry, long held, boolean healthy) {
        if (healthy && entry.conn.isOpen()) {
            giveBack(entry, held, entry.lastUsedNanos, NOT_HANDED_OUT);
        } else {
            endUse(entry, held, EvictionReason.UNHEALTHY, NOT_HANDED_OUT);
        }
    }

    /** Closes the least recently used idle connection of any address, to make room under maxTotal. */
    private boolean evictLeastRecentlyUsed() {
        while (true) {
            Entry victim = hosts.leastRecentlyUsedIdle();
            if (victim == null) {
                return false;
            }
            if (victim.removeIdle()) {
                evict(victim, EvictionReason.LRU);
                return true;
            }
        }
    }

    // ---------------------------------------------------------------- drain, eviction, close

    @Override
    public boolean drain(Duration timeout) throws InterruptedException {
        long nanos = Arguments.requireNonNegative("timeout", timeout);
        return drainSignal.await(counters.inUse::sum, nanos);
    }

    @Override
    public int evictIdle(String address) {
        if (address != null) {
            Arguments.requireAddress(address);
        }
        int closedCount = 0;
        for (Host host : address == null ? List.copyOf(hosts.all()) : listOf(hosts.get(address))) {
            for (Entry entry : host.entries) {
                if (entry.removeIdle()) {
                    evict(entry, EvictionReason.MANUAL);
                    closedCount++;
                }
            }
        }
        return closedCount;
    }

    /**
     * The housekeeper's cleanup: closes expired idle connections and warns about leaks.
     *
     * @return the monotonic time the next thing is due, or Long.MAX_VALUE
     */
    long housekeep(long now) {
        long next = Long.MAX_VALUE;
        boolean any = false;
        for (Host host : hosts.all()) {
            for (Entry entry : host.entries) {
                any = true;
                long phase = Entry.phase(entry.state());
                if (phase == Entry.IDLE) {
                    EvictionReason reason = entry.expiry(now, maxAgeNanos, maxIdleNanos, true);
                    if (reason == null) {
                        next = Math.min(next, entry.idleDeadline(maxAgeNanos, maxIdleNanos));
                    } else if (entry.removeIdle()) {
                        evict(entry, reason);
                    }
                } else if (phase == Entry.IN_USE && leakNanos > 0) {
                    next = Math.min(next, checkLeak(entry, now));
                }
            }
        }
        if (any) {
            // A checked-out connection becomes idle (and a checkout starts its leak clock) at the earliest
            // now; planning for that keeps returns and checkouts from waking us one by one.
            if (maxIdleNanos > 0) {
                next = Math.min(next, now + maxIdleNanos);
            }
            if (leakNanos > 0) {
                next = Math.min(next, now + leakNanos);
            }
        }
        return next;
    }

    private long checkLeak(Entry entry, long now) {
        Lease lease = entry.lease;
        long checkedOutAt = entry.checkoutNanos;
        if (lease == null || lease.leakReported || lease.isSpent()) {
            return Long.MAX_VALUE;
        }
        long due = checkedOutAt + leakNanos;
        if (now - due < 0) {
            return due;
        }
        lease.leakReported = true;
        log.warn("Possible connection leak: a connection to {} has been checked out for {} ms, longer than "
                        + "leakDetectionThreshold ({} ms). Close the PooledConnection when done. It was checked out here:",
                entry.host.address, Arguments.millis(now - checkedOutAt), Arguments.millis(leakNanos), lease.origin);
        return Long.MAX_VALUE;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        if (housekeeper != null) {
            housekeeper.stop();
        }
        if (probes != null) {
            probes.shutdownNow();
        }
        List<Throwable> failures = new ArrayList<>();
        for (Host host : List.copyOf(hosts.all())) {
            host.lock.lock();
            try {
                host.signalAll();
            } finally {
                host.lock.unlock();
            }
            for (Entry entry : host.entries) {
                if (entry.removeIdle()) {
                    Throwable failure = evict(entry, EvictionReason.CLOSED);
                    if (failure != null) {
                        failures.add(failure);
                    }
                }
            }
        }
        drainSignal.wakeAll();
        if (!failures.isEmpty()) {
            PoolException e = new PoolException(PoolErrorCode.CLOSE_PARTIAL, "Closed the pool, but " + failures.size()
                    + " connection(s) failed to close; see the suppressed exceptions");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- monitoring

    @Override
    public PoolStats stats() {
        return counters.toStats();
    }

    @Override
    public List<ConnSnapshot> snapshot() {
        List<ConnSnapshot> result = new ArrayList<>();
        for (Host host : hosts.all()) {
            for (Entry entry : host.entries) {
                long phase = Entry.phase(entry.state());
                if (phase != Entry.REMOVED) {
                    result.add(new ConnSnapshot(host.address, instant(entry.createdNanos),
                            instant(entry.lastUsedNanos), phase == Entry.IN_USE));
                }
            }
        }
        return result;
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    /** The evictor thread, or null when no limit needs one; for tests. */
    Thread housekeeperThread() {
        return housekeeper == null ? null : housekeeper.thread();
    }

    @Override
    public String toString() {
        PoolStats s = stats();
        return "ConnPool-" + id + "[total=" + s.total() + ", inUse=" + s.inUse() + ", addresses=" + s.addresses()
                + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- helpers

    private Instant instant(long nanos) {
        long offset = nanos - epochNanos;
        return Instant.ofEpochMilli(epochWallMillis).plusNanos(offset);
    }

    private Throwable closeQuietly(Conn conn, String address) {
        try {
            conn.close();
            return null;
        } catch (Exception | LinkageError e) {
            log.warn("Failed to close a connection to {}: {}", address, e.toString());
            return e;
        }
    }

    private static <T> List<T> listOf(T item) {
        return item == null ? List.of() : List.of(item);
    }

    private static AcquireResult resultOf(PoolErrorCode code) {
        switch (code) {
            case ACQUIRE_TIMEOUT:
                return AcquireResult.TIMEOUT;
            case POOL_FULL:
                return AcquireResult.FULL;
            default:
                return AcquireResult.FAILED;
        }
    }

    private ExecutorService newProbeExecutor() {
        AtomicInteger threads = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "noisepool-probe-" + id + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
