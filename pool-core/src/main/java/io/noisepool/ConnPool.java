package io.noisepool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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
 * connection is a compare-and-set on the entry, with no lock, and so is giving it back while
 * nobody waits for that address; a returner that finds callers waiting takes the host's lock to
 * hand the connection to the oldest of them. Dialing, waiting, pooling and removing take the
 * host's lock, never a pool-wide one, and no lock is held across a dial, a health or ready check,
 * a close or a listener call. At most one dial per address is in flight, unless
 * {@link PoolConfig#maxConcurrentDials()} allows more, and each is made by a caller that asked for a
 * connection; callers waiting for capacity or for a dial turn queue on the host,
 * first come, first served. A host is dropped as soon as it holds nothing, so the pool retains
 * nothing for addresses it no longer talks to. With dial backoff on, a failed dial makes its host
 * refuse dials for a while ({@link DialBackoff}); the host is kept for that while, and as long again.
 *
 * <p>This class keeps the whole checkout state machine (claim, hand-off, return, discard, remove,
 * dial, probe) because its invariant spans them all: every transition of an entry is one CAS on its
 * state word, and whoever wins a transition does all of its bookkeeping (in-use count, listeners,
 * slot, close). Everything that does not need that invariant lives beside it: the address table
 * ({@link HostTable}), the queue ({@link Host}, {@link Waiter}), counters, errors, probes, the
 * housekeeper and the drain signal.
 *
 * <p>One daemon thread per pool ({@code noisepool-evictor-N}) closes expired idle connections and
 * reports leaks (and forgets dial backoffs); it starts only when a limit, leak detection, keepalive
 * or dial backoff needs it and ends on {@link #close()}.
 * While the pool is in use it also publishes a recent time every 50 ms, which checkout and return
 * judge expiry against instead of reading the clock ({@link Clock}, {@link #timeFor}).
 * Health checks run on daemon threads named {@code noisepool-probe-N-M}, started on demand, each
 * bounded by {@link PoolConfig#healthCheckTimeout()} and by its caller's own deadline. With a
 * {@link PoolConfig#keepaliveInterval() keepalive}, the evictor also claims connections idle that
 * long and probes them there, without waiting for the verdict (see {@link #keepalive}).
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
    /** Default longest dial backoff, once backoff is turned on: 2 minutes (gRPC's). */
    public static final Duration DEFAULT_DIAL_BACKOFF_MAX = Duration.ofMinutes(2);

    /**
     * Keepalive probes running at once, at most. A check that answers in a few milliseconds keeps
     * thousands of connections alive per interval this way; a check that hangs holds its thread
     * until it returns, and 16 such threads are the most keepalive ever costs.
     */
    static final int MAX_KEEPALIVE_PROBES = 16;

    private static final Logger log = LoggerFactory.getLogger(ConnPool.class);
    /** "Not read": a time the caller did not take from the clock. Pool times are never negative. */
    private static final long NO_TIME = -1;
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final int id = POOL_IDS.incrementAndGet();
    private final PoolConfig config;
    private final int maxSize;
    private final int maxTotal;
    private final int maxConcurrentDials;
    private final long maxAgeNanos;
    /** The most a connection's age limit is shortened (maxAgeJitter of maxAge); 0 for no jitter. */
    private final long maxAgeJitterNanos;
    private final long maxIdleNanos;
    private final long acquireTimeoutNanos;
    private final long leakNanos;
    private final long healthCheckNanos;
    private final long keepaliveNanos;
    private final Clock clock;

    private final HostTable hosts;
    private final ConnRegistry registry = new ConnRegistry();
    private final Counters counters = new Counters();
    private final DrainSignal drainSignal = new DrainSignal();
    private final Listeners listeners = new Listeners();
    private final ExecutorService probes;
    /**
     * Keepalive probes that may run at once: the housekeeper (the only taker) takes a permit before
     * it claims an entry to probe, and the probe gives it back when its check returns, so a slow or
     * hanging check cannot start a thread per idle connection. Checkout health checks do not take one.
     */
    private final Semaphore keepaliveProbes = new Semaphore(MAX_KEEPALIVE_PROBES);
    /** Set when a keepalive waits for a permit: the probe that gives one back then brings the housekeeper back. */
    private volatile boolean keepaliveWaiting;
    private final Housekeeper housekeeper;
    private final Seams seams;
    /** The dial backoff policy, or null while it is off. */
    private final DialBackoff backoff;

    private final AtomicBoolean closing = new AtomicBoolean();
    /** Only moves false to true. Read after every publication of an idle entry (see giveBack). */
    private volatile boolean closed;

    /** A pool with the defaults. */
    public ConnPool() {
        this(PoolConfig.builder().build());
    }

    /**
     * @param config the configuration, not {@code null}
     */
    public ConnPool(PoolConfig config) {
        this(config, Seams.NONE);
    }

    /** A pool whose seams a test controls. */
    ConnPool(PoolConfig config, Seams seams) {
        this(config, seams, new Clock(), true);
    }

    /**
     * A pool whose seams and clock a test controls; without the housekeeper's thread, the test calls
     * {@link #housekeep} and {@link #tick} itself.
     */
    ConnPool(PoolConfig config, Seams seams, Clock clock, boolean housekeeperThread) {
        this.config = Objects.requireNonNull(config, "config");
        this.seams = seams;
        this.clock = clock;
        this.maxSize = config.maxSize();
        this.maxTotal = config.maxTotal();
        this.maxConcurrentDials = config.maxConcurrentDials();
        // Saturated: a limit of centuries means "never", not an overflow.
        this.maxAgeNanos = Arguments.nanos(config.maxAge());
        this.maxAgeJitterNanos = (long) (maxAgeNanos * config.maxAgeJitter());
        this.maxIdleNanos = Arguments.nanos(config.maxIdle());
        this.acquireTimeoutNanos = Arguments.nanos(config.acquireTimeout());
        this.leakNanos = Arguments.nanos(config.leakDetectionThreshold());
        this.healthCheckNanos = Arguments.nanos(config.healthCheckTimeout());
        this.keepaliveNanos = Arguments.nanos(config.keepaliveInterval());
        this.hosts = new HostTable(maxTotal, counters);
        this.backoff = DialBackoff.of(config, counters);
        this.probes = config.healthCheck() == null ? null : HealthProbe.newExecutor(id);
        // Jitter may bring a new connection's age limit forward, to no less than half of maxAge.
        long horizon = shortestPositive(maxAgeNanos - maxAgeJitterNanos, maxIdleNanos, leakNanos, keepaliveNanos,
                backoff == null ? 0 : backoff.soonestNanos());
        this.housekeeper = horizon == Long.MAX_VALUE ? null
                : new Housekeeper("noisepool-evictor-" + id, clock, horizon, this::housekeep);
        // Last: the thread may call housekeep at once, and must find every field set.
        if (housekeeper != null && housekeeperThread) {
            housekeeper.start();
        }
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
        long start = startTime();
        Lease lease = closed ? null : takeIdle(hosts.get(address), start, Long.MAX_VALUE);
        listeners.acquiredAtOnce(address, lease == null ? AcquireResult.MISS : AcquireResult.HIT);
        return lease;
    }

    @Override
    public PooledConnection get(String address, Duration timeout) {
        Arguments.requireAddress(address);
        long timeoutNanos = Arguments.requireNonNegative("timeout", timeout);
        long start = startTime();
        // With a health check, no time means no check, and nothing is handed out unchecked.
        boolean noTimeToCheck = probes != null && timeoutNanos == 0;
        Lease lease = closed || noTimeToCheck ? null
                : takeIdle(hosts.get(address), start, start == NO_TIME ? Long.MAX_VALUE
                        : Arguments.deadline(start, timeoutNanos));
        listeners.acquiredAtOnce(address, lease == null ? AcquireResult.MISS : AcquireResult.HIT);
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
        long start = startTime();
        long deadline = start == NO_TIME ? Long.MAX_VALUE : Arguments.deadline(start, timeoutNanos);
        try {
            if (closed) {
                throw PoolErrors.poolClosed(address);
            }
            Host host = hosts.get(address);
            // Callers already waiting for this address come first: a newcomer queues behind them.
            Lease lease = host != null && host.waiting == 0 ? takeIdle(host, start, deadline) : null;
            if (lease != null) {
                listeners.acquiredAtOnce(address, AcquireResult.HIT);
                return lease;
            }
            if (start == NO_TIME) {
                start = clock.now();
                deadline = Arguments.deadline(start, timeoutNanos);
            }
            while (lease == null) {
                lease = acquire(address, start, deadline, dialer, 0);
            }
            listeners.acquired(address, lease.fresh() ? AcquireResult.DIALED : AcquireResult.HIT, start, clock);
            return lease;
        } catch (PoolException e) {
            if (start == NO_TIME) {
                start = clock.now(); // closed: reported as taking no time
            }
            listeners.acquired(address, resultOf(e.code()), start, clock);
            throw e;
        }
    }

    @Override
    public int warmUp(String address, int connections, Dialer dialer) {
        Arguments.requireAddress(address);
        if (dialer == null) {
            throw new IllegalArgumentException("dialer must not be null");
        }
        requireReachable(connections);
        if (closed) {
            throw PoolErrors.poolClosed(address);
        }
        long dialTimeoutNanos = Arguments.nanos(config.dialTimeout());
        int added = 0;
        // At most one dial per connection wanted: connections that close meanwhile are not chased.
        for (int i = 0; i < connections; i++) {
            long start = clock.now();
            Lease dialed = acquire(address, start, Arguments.deadline(start, dialTimeoutNanos), dialer, connections);
            if (dialed == null) {
                break; // warm
            }
            // Idle at once, as a probe's claim ends: no caller held it, so no return is reported.
            if (giveBack(dialed.entry, dialed.held, clock.now(), false)) {
                added++;
            }
        }
        return added;
    }

    /** Refuses a warm-up the limits could never let the address reach, rather than fail it halfway. */
    private void requireReachable(int connections) {
        if (connections < 0) {
            throw new IllegalArgumentException("connections must be 0 or more, but was " + connections);
        }
        if (maxSize > 0 && connections > maxSize) {
            throw new IllegalArgumentException("connections (" + connections + ") is more than maxSize (" + maxSize
                    + "): an address never holds more. Warm up at most maxSize connections, or raise maxSize");
        }
        if (maxTotal > 0 && connections > maxTotal) {
            throw new IllegalArgumentException("connections (" + connections + ") is more than maxTotal (" + maxTotal
                    + "): the pool never holds more. Warm up at most maxTotal connections, or raise maxTotal");
        }
    }

    /**
     * When a checkout starts: the clock, read only if someone needs the exact time (a listener's
     * usage timer, leak detection's checkout time, a health check's deadline); else
     * {@link #NO_TIME}, and expiry is judged on the recent time ({@link #timeFor}).
     */
    private long startTime() {
        return probes != null || leakNanos > 0 || listeners.any() ? clock.now() : NO_TIME;
    }

    /**
     * A pool-clock time good enough to judge {@code deadline}: the recent time the housekeeper
     * publishes, unless none is published or the deadline is within {@link Clock#WINDOW_NANOS} of
     * it; then the clock itself. So a decision is exact unless the housekeeper's last tick is older
     * than the window.
     */
    private long timeFor(long deadline) {
        if (housekeeper == null) {
            return clock.now(); // nothing expires; only the last-used stamp asks, and nobody ticks
        }
        long recent = clock.recent();
        if (recent < 0) {
            if (recent == Clock.ASK_TICKER) {
                housekeeper.tickSoon();
            }
            return clock.now();
        }
        return deadline - recent > Clock.WINDOW_NANOS ? recent : clock.now();
    }

    /**
     * Takes an idle connection of the host, lock-free: claims entries by CAS, closing expired, dead
     * and unhealthy ones on the way.
     *
     * @param now pool-clock time, or {@link #NO_TIME} to judge expiry on the recent time
     * @param deadline pool-clock time after which health checks are abandoned
     * @return a lease, or null if none is left (or the deadline passed during a health check)
     */
    private Lease takeIdle(Host host, long now, long deadline) {
        if (host == null) {
            return null;
        }
        Entry[] entries = host.entries;
        int n = entries.length;
        // Each thread starts at its own offset, so that threads sharing an address do not all
        // race for the same first entries; a lone thread keeps reusing the same ones.
        int start = n <= 1 ? 0 : (int) (Thread.currentThread().getId() % n);
        for (int i = 0; i < n && !closed; i++) {
            if (probes != null && now >= deadline) {
                return null; // no time left to check one
            }
            Entry entry = entries[(start + i) % n];
            if (!entry.isIdle()) {
                continue;
            }
            long held = claim(entry);
            if (held == Entry.NO_HOLD) {
                continue;
            }
            Lease lease = vet(entry, held, now, deadline);
            if (lease != null) {
                return lease;
            }
            if (probes != null) {
                now = clock.now();
            }
        }
        return null;
    }

    /** Claims an idle entry, counting it in use first so that the count never falls below the checkouts. */
    private long claim(Entry entry) {
        counters.inUse.increment();
        long held = entry.claim();
        if (held == Entry.NO_HOLD) {
            counters.inUse.decrement();
            drainSignal.inUseDropped();
        }
        return held;
    }

    /**
     * Decides whether a claimed entry may be handed out: not closed, not expired, open and healthy.
     * One that may not is closed.
     *
     * @return its lease, or null if it was closed, ended by a raw remove meanwhile, or left to its
     *     probe because the deadline passed
     */
    private Lease vet(Entry entry, long held, long now, long deadline) {
        if (now == NO_TIME && (maxAgeNanos > 0 || maxIdleNanos > 0)) {
            now = timeFor(entry.idleDeadline(maxAgeNanos, maxIdleNanos));
        }
        EvictionReason reason = closed ? EvictionReason.CLOSED : entry.expiry(now, maxAgeNanos, maxIdleNanos, true);
        if (reason == null && !UserCode.isOpen(entry)) {
            reason = EvictionReason.UNHEALTHY;
        }
        if (reason == null && probes != null) {
            entry.checkoutNanos = now; // the checkout begins with its check, as the snapshot shows it
            HealthProbe.Verdict verdict = HealthProbe.run(config.healthCheck(), entry, held, probes, clock,
                    deadline, healthCheckNanos, this);
            if (verdict == HealthProbe.Verdict.ABANDONED) {
                return null;
            }
            if (verdict == HealthProbe.Verdict.UNHEALTHY) {
                reason = closed ? EvictionReason.CLOSED : EvictionReason.UNHEALTHY;
            }
            now = clock.now();
        }
        if (reason != null) {
            endUse(entry, held, reason, false);
            return null;
        }
        Lease lease = lease(entry, held, now, false);
        // A remove by raw connection may have ended this checkout meanwhile; it then closed the
        // connection and gave back the in-use count.
        return entry.isCheckout(held) ? lease : null;
    }

    /**
     * The lease for the checkout {@code held} of an entry.
     *
     * @param now the checkout's time, or {@link #NO_TIME} when nobody needs it (no listener, no
     *     leak detection)
     */
    private Lease lease(Entry entry, long held, long now, boolean fresh) {
        Throwable origin = leakNanos > 0
                ? new Throwable("Connection to " + Arguments.printable(entry.host.address) + " checked out here") : null;
        Lease lease = new Lease(this, entry, held, origin, fresh);
        entry.checkoutNanos = now;
        if (leakNanos > 0) {
            entry.lease = lease;
            housekeeper.dueBy(now + leakNanos);
        }
        return lease;
    }

    /**
     * The slow path of getOrDial. The caller queues on the host first, then, when it is the head of
     * the queue, takes an idle connection, dials (if capacity allows and no dial is in flight) or
     * makes room under maxTotal by closing the least recently used idle connection of another
     * address; otherwise it parks until a returner hands it a connection or something changes.
     *
     * <p>A warm-up ({@code warmTarget > 0}) queues the same way but only dials: it ends when the
     * address holds {@code warmTarget} connections, and while dials in flight may get it there it
     * waits for them rather than dial one more.
     *
     * @param warmTarget 0 for a caller that wants a connection; else the connections a warm-up wants
     *     the address to hold
     * @return a lease, or null if a connection handed over by a returner failed its checks (the
     *     caller queues again) or, for a warm-up, if the address holds {@code warmTarget} connections
     */
    private Lease acquire(String address, long start, long deadline, Dialer dialer, int warmTarget) {
        long capacityDeadline = Math.min(deadline, Arguments.deadline(start, acquireTimeoutNanos));
        Host host = hosts.locked(address);
        boolean warming = warmTarget > 0;
        Waiter me = host.enqueue(warming);
        Lease taken = null;
        boolean dial = false;
        PoolErrorCode failure = null;
        Capacity counts = null;
        long waited = 0;
        long backoffUntil = 0;
        Throwable lastDialFailure = null;
        try {
            while (true) {
                me.woken = false;
                if (me.handed != null || closed) {
                    break;
                }
                if (warming && host.entries.length >= warmTarget) {
                    break; // warm
                }
                // Backing off: whoever would have to dial (a warm-up always would) fails now, waiters
                // too (the failed dial woke the head, and each head that leaves wakes the next) rather
                // than dial in turn or wait for the backoff to pass. Idle connections are still handed
                // out, and at a full address a caller waits for a return as usual: it would not dial.
                if (backoff != null && host.backoffNanos != 0 && (warming || !host.hasIdle()) && !addressFull(host)
                        && backoff.refuses(host, clock.now())) {
                    failure = PoolErrorCode.DIAL_BACKOFF;
                    backoffUntil = host.backoffUntil;
                    lastDialFailure = host.lastDialFailure;
                    break;
                }
                boolean full = false;
                if (host.isHead(me)) {
                    if (warming && host.hasIdle() && host.callerWaiting()) {
                        host.yieldHead(me); // an idle connection can serve the caller behind: let it look
                        continue;
                    }
                    if (host.hasIdle() && !warming) {
                        host.lock.unlock();
                        try {
                            taken = takeIdle(host, clock.now(), deadline);
                        } finally {
                            host.lock.lock();
                        }
                        if (taken != null) {
                            break;
                        }
                        if (clock.now() < deadline) {
                            continue; // lost them to other claimers, or closed them as expired: look again
                        }
                        // The deadline passed during health checks: the wait below fails the call.
                    } else if (host.dialing < maxConcurrentDials && !(warming && host.slotsUsed() >= warmTarget)) {
                        if (addressFull(host)) {
                            full = true;
                        } else if (hosts.reserveSlot()) {
                            host.dialing++;
                            dial = true;
                            break;
                        } else {
                            // Hold the dial turn (and with it this address's capacity) while making room elsewhere.
                            host.dialing++;
                            host.lock.unlock();
                            boolean room;
                            try {
                                room = makeRoom(address);
                                if (!room) {
                                    seams.noRoom(address);
                                }
                            } finally {
                                host.lock.lock();
                            }
                            if (room) {
                                dial = true;
                                break;
                            }
                            host.dialing--;
                            if (!me.waitingForRoom) {
                                me.waitingForRoom = true;
                                hosts.awaitRoom(me);
                                continue; // registered: check for room once more before parking
                            }
                            full = true;
                        }
                    }
                } else {
                    full = host.dialing == 0 && (addressFull(host) || maxTotal > 0 && hosts.slotsUsed() >= maxTotal);
                }
                long now = clock.now();
                long waitUntil = full ? capacityDeadline : deadline;
                if (now >= waitUntil) {
                    failure = full && acquireTimeoutNanos == 0 ? PoolErrorCode.POOL_FULL : PoolErrorCode.ACQUIRE_TIMEOUT;
                    counts = host.capacity(maxSize, maxTotal, hosts.slotsUsed());
                    waited = now - start;
                    break;
                }
                if (me.woken) {
                    continue; // something changed while the lock was released: look again
                }
                counters.pending.incrementAndGet();
                try {
                    me.park(waitUntil - now);
                } finally {
                    counters.pending.decrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = PoolErrorCode.INTERRUPTED;
        } finally {
            host.leave(me);
            if (me.waitingForRoom) {
                hosts.stopAwaitingRoom(me);
            }
            hosts.retireIfUnused(host);
            host.lock.unlock();
        }
        if (me.handed != null) {
            // A returner claimed a connection for us while we were parked.
            if (failure == null && !closed) {
                return vet(me.handed, me.handedHold, clock.now(), deadline);
            }
            checkin(me.handed, me.handedHold);
        }
        if (failure == PoolErrorCode.INTERRUPTED) {
            throw PoolErrors.interrupted(address);
        }
        if (failure == PoolErrorCode.DIAL_BACKOFF) {
            throw PoolErrors.dialBackoff(address, clock.instant(backoffUntil), Math.max(0, backoffUntil - clock.now()),
                    lastDialFailure);
        }
        if (failure != null) {
            throw PoolErrors.capacity(failure, counts, waited);
        }
        if (closed && taken == null && !dial) {
            throw PoolErrors.poolClosed(address);
        }
        if (warming && !dial) {
            return null;
        }
        return taken != null ? taken : dial(host, deadline, dialer);
    }

    /**
     * At maxTotal: closes the least recently used idle connection of another address and keeps
     * its total slot for the caller, so the number of open connections never exceeds maxTotal and
     * nobody else takes the room first.
     *
     * @return whether the caller now holds a total slot
     */
    private boolean makeRoom(String address) {
        Entry victim = hosts.takeLeastRecentlyUsed(address);
        if (victim == null) {
            return false;
        }
        registry.forget(List.of(victim));
        closeRemoved(victim, EvictionReason.LRU);
        return true;
    }

    /** Whether the host holds (or is dialing) maxSize connections; call with its lock held. */
    private boolean addressFull(Host host) {
        return maxSize > 0 && host.slotsUsed() >= maxSize;
    }

    /** Dials with the host's dial turn and one total slot held; gives both back whatever happens. */
    private Lease dial(Host host, long deadline, Dialer dialer) {
        String address = host.address;
        counters.dialing.incrementAndGet();
        counters.dials.increment();
        long dialStart = clock.now();
        Conn conn = null;
        Entry entry = null;
        PoolException failure = null;
        try {
            long remaining = deadline - dialStart;
            if (remaining <= 0) {
                throw new PoolException(PoolErrorCode.ACQUIRE_TIMEOUT, "No time left to dial "
                        + Arguments.printable(address) + " after waiting for the dial turn");
            }
            Conn dialed = callDialer(dialer, address, Duration.ofNanos(remaining));
            if (!registry.reserve(dialed)) {
                throw new PoolException(PoolErrorCode.INVALID_DIAL_RESULT, "The dialer for " + Arguments.printable(address)
                        + " returned a connection the pool already holds (" + Arguments.printable(dialed)
                        + "); a dialer must open a new one");
            }
            conn = dialed;
            UserCode.checkReady(config.readyCheck(), conn, address);
            seams.dialed(conn);
        } catch (PoolException e) {
            failure = e;
        } finally {
            entry = finishDial(host, failure == null ? conn : null, failure);
            if (entry == null && failure == null) {
                failure = removedWhilePooled(address);
            }
            if (entry == null && conn != null) {
                registry.forgetReserved(conn);
                UserCode.close(conn, address);
            }
            counters.dialing.decrementAndGet();
            drainSignal.inUseDropped();
        }
        if (failure == null && !closed) {
            failure = survival(entry);
        }
        listeners.dialed(address, failure == null, clock.now() - dialStart);
        if (failure != null) {
            counters.dialFailures.increment();
            throw failure;
        }
        if (closed) {
            // close() may have scanned this host before our entry joined it; the entry is ours to end.
            endUse(entry, Entry.FIRST_HOLD, EvictionReason.CLOSED, false);
            throw PoolErrors.poolClosed(address);
        }
        if (housekeeper != null) {
            housekeeper.dueBy(entry.idleDeadline(maxAgeNanos, maxIdleNanos));
        }
        return lease(entry, Entry.FIRST_HOLD, clock.now(), true);
    }

    private static PoolException removedWhilePooled(String address) {
        return new PoolException(PoolErrorCode.DIAL_FAILED, "The new connection to " + Arguments.printable(address)
                + " was removed (remove(address, conn) with its raw connection) before it could be handed out");
    }

    /**
     * Checks that a dialed entry is still this dial's checkout and open: a remove by raw connection
     * may have ended it since it joined, or the connection may have died (or been closed by a
     * remove that came before the pool knew it). One that did not survive is ended here.
     *
     * @return null if it may be handed out, else the failure to report
     */
    private PoolException survival(Entry entry) {
        String address = entry.host.address;
        if (!entry.isCheckout(Entry.FIRST_HOLD)) {
            return removedWhilePooled(address);
        }
        if (!UserCode.isOpen(entry)) {
            endUse(entry, Entry.FIRST_HOLD, EvictionReason.UNHEALTHY, false);
            return new PoolException(PoolErrorCode.DIAL_FAILED, "The new connection to " + Arguments.printable(address)
                    + " was closed before it could be handed out");
        }
        return null;
    }

    private Conn callDialer(Dialer dialer, String address, Duration timeout) {
        Conn conn;
        try {
            conn = dialer.dial(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolException(PoolErrorCode.INTERRUPTED, "Interrupted while dialing " + Arguments.printable(address), e);
        } catch (Throwable e) {
            // Anything, Errors too: the dial turn and the slot must be given back either way.
            throw new PoolException(PoolErrorCode.DIAL_FAILED,
                    "Dial to " + Arguments.printable(address) + " failed: " + e, e);
        }
        if (conn == null) {
            throw new PoolException(PoolErrorCode.INVALID_DIAL_RESULT, "The dialer for " + Arguments.printable(address)
                    + " returned null; a dialer must return a connection or throw");
        }
        return conn;
    }

    /**
     * Ends the dial turn in one hold of the host's lock: the new connection joins the host and the
     * registry together, checked out, or the slot is given back. Nothing can find the connection
     * half pooled.
     *
     * @return the new entry, or null if there is no connection to pool
     */
    private Entry finishDial(Host host, Conn conn, PoolException failure) {
        Entry entry = null;
        long backoffUntil = Long.MAX_VALUE;
        host.lock.lock();
        try {
            host.dialing--;
            if (conn != null) {
                counters.inUse.increment(); // before it is visible: whoever ends it gives the count back
                entry = join(host, conn, Entry.FIRST_HOLD);
                if (entry == null) {
                    counters.inUse.decrement();
                }
            }
            if (entry == null && failure != null) {
                host.lastDialFailure = failure.getCause() != null ? failure.getCause() : failure;
            }
            if (backoff != null && entry != null) {
                backoff.forget(host);
            } else if (backoff != null && failure != null && DialBackoff.backsOff(failure.code()) && !closed) {
                // A closed pool starts no backoff: close() has already forgotten its hosts' backoffs.
                backoffUntil = backoff.failed(host, clock.now());
            }
            host.wakeHead();
            hosts.retireIfUnused(host);
        } finally {
            host.lock.unlock();
        }
        if (entry == null) {
            hosts.releaseSlot();
        }
        if (backoffUntil != Long.MAX_VALUE) {
            housekeeper.dueBy(backoffUntil); // the backoff leaves the stats, and the address is forgotten
        }
        return entry;
    }

    /**
     * Makes a reserved connection an entry of the host, visible to the registry and the host at
     * once; the caller holds the lock and a slot.
     *
     * @return the entry, or null if a remove cancelled the connection meanwhile (the caller closes it)
     */
    private Entry join(Host host, Conn conn, long state) {
        assert host.lock.isHeldByCurrentThread();
        long shortened = maxAgeJitterNanos == 0 ? 0 : ThreadLocalRandom.current().nextLong(maxAgeJitterNanos + 1);
        Entry entry = new Entry(conn, host, clock.now(), shortened, state);
        if (!registry.bind(conn, entry)) { // lock order: host, then registry
            return null;
        }
        hosts.add(host, entry);
        return entry;
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
            throw new PoolException(PoolErrorCode.INVALID_CONNECTION,
                    "Cannot pool a null connection under " + Arguments.printable(address));
        }
        if (conn instanceof Lease && ((Lease) conn).pool == this) {
            if (!((Lease) conn).entry.isRemoved()) {
                throw PoolErrors.alreadyPooled(address, conn);
            }
            throw new PoolException(PoolErrorCode.INVALID_CONNECTION, "Cannot pool a spent PooledConnection for "
                    + Arguments.printable(address) + "; its connection was already closed");
        }
        if (!registry.reserve(conn)) {
            throw PoolErrors.alreadyPooled(address, conn);
        }
        Entry entry = null;
        try {
            if (closed) {
                throw PoolErrors.poolClosed(address);
            }
            UserCode.checkReady(config.readyCheck(), conn, address);
            entry = addIdle(address, conn);
        } finally {
            if (entry == null) {
                registry.forgetReserved(conn);
                UserCode.close(conn, address);
            }
        }
        if (closed && entry.removeIdle()) {
            evict(entry, EvictionReason.CLOSED);
            throw PoolErrors.poolClosed(address);
        }
        afterIdle(entry, handToWaiter(entry));
    }

    /**
     * Adds a put connection as idle if capacity allows; under maxTotal it makes room by closing
     * the least recently used idle connection of another address.
     */
    private Entry addIdle(String address, Conn conn) {
        boolean slotHeld = false;
        boolean cancelled = false;
        Capacity counts;
        while (true) {
            Host host = hosts.locked(address);
            try {
                counts = host.capacity(maxSize, maxTotal, hosts.slotsUsed());
                if (maxSize > 0 && host.slotsUsed() >= maxSize) {
                    break;
                }
                if (slotHeld || hosts.reserveSlot()) {
                    slotHeld = true;
                    Entry entry = join(host, conn, Entry.IDLE);
                    if (entry != null) {
                        return entry;
                    }
                    cancelled = true;
                    break;
                }
            } finally {
                hosts.retireIfUnused(host);
                host.lock.unlock();
            }
            if (!makeRoom(address)) {
                break;
            }
            slotHeld = true;
        }
        if (slotHeld) {
            hosts.releaseSlot();
        }
        if (cancelled) {
            throw new PoolException(PoolErrorCode.CONNECTION_NOT_FOUND, "The connection " + Arguments.printable(conn)
                    + " was removed (remove(address, conn)) while it was being pooled under " + Arguments.printable(address));
        }
        throw PoolErrors.capacity(PoolErrorCode.POOL_FULL, counts, 0);
    }

    @Override
    public void release(String address, Conn conn) {
        Arguments.requireAddress(address);
        Checkout target = find(conn);
        boolean checkedOut = target != null && Entry.phase(target.hold) == Entry.IN_USE;
        if (closed) {
            boolean ended = checkedOut && checkin(target.entry, target.hold);
            if (!ended && conn != null && !(conn instanceof Lease)) {
                UserCode.close(conn, address);
            }
            throw PoolErrors.poolClosed(address);
        }
        if (!checkedOut || !target.entry.host.address.equals(address) || !checkin(target.entry, target.hold)) {
            throw PoolErrors.notFound(address, conn, "checked out");
        }
    }

    @Override
    public void remove(String address, Conn conn) {
        Arguments.requireAddress(address);
        if (conn == null) {
            throw new PoolException(PoolErrorCode.INVALID_CONNECTION,
                    "Cannot remove a null connection from " + Arguments.printable(address));
        }
        Checkout target = find(conn);
        boolean ownLease = conn instanceof Lease && ((Lease) conn).pool == this;
        // A lease removes only its own checkout; a raw connection, whatever state its entry is in.
        if (target == null && !ownLease && registry.cancelPending(conn)) {
            return; // being pooled right now: that pooling refuses it and closes it
        }
        boolean removed = target != null && (ownLease ? endUse(target.entry, target.hold, EvictionReason.DISCARDED, true)
                : removeEntry(target.entry));
        if (!removed) {
            if (!ownLease) {
                UserCode.close(conn, address);
            }
            // A spent lease no longer owns its connection, which may be someone else's checkout by now.
            throw PoolErrors.notFound(address, conn, ownLease ? "checked out" : "pooled");
        }
        if (!target.entry.host.address.equals(address)) {
            throw PoolErrors.notFound(address, conn, "pooled (it was pooled under "
                    + Arguments.printable(target.entry.host.address) + " and is closed now)");
        }
    }

    /** An entry and the checkout a caller means by a connection: its own lease's, or a raw connection's current one. */
    private record Checkout(Entry entry, long hold) {}

    /** @return what {@code conn} names in this pool: a lease of this pool, or a pooled raw connection; else null */
    private Checkout find(Conn conn) {
        if (conn instanceof Lease && ((Lease) conn).pool == this) {
            Lease lease = (Lease) conn;
            return new Checkout(lease.entry, lease.held);
        }
        Entry entry = conn == null ? null : registry.find(conn);
        return entry == null ? null : new Checkout(entry, Entry.hold(entry.state()));
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
            } else if (endUse(entry, Entry.hold(state), EvictionReason.DISCARDED, true)) {
                return true;
            }
        }
    }

    // ---------------------------------------------------------------- the end of a checkout

    /**
     * Ends a checkout by returning its connection to the pool, or closing it if it may not stay.
     * Never throws: a connection whose {@code isOpen()} throws is closed.
     *
     * @return false if the checkout {@code held} had already ended (its lease was spent)
     */
    boolean checkin(Entry entry, long held) {
        if (!entry.isCheckout(held)) {
            return false;
        }
        // A listener's usage timer needs the exact end, and under maxTotal the last-used stamps must
        // order returns for LRU eviction even within one tick; else the recent time serves for the
        // age check and the stamp (which may then be up to a tick early: maxIdle ends early, never late).
        long now = maxTotal > 0 || listeners.any() ? clock.now() : timeFor(entry.ageDeadline(maxAgeNanos));
        EvictionReason reason = closed ? EvictionReason.CLOSED : entry.expiry(now, maxAgeNanos, maxIdleNanos, false);
        if (reason == null && !UserCode.isOpen(entry)) {
            reason = EvictionReason.UNHEALTHY;
        }
        return reason != null ? endUse(entry, held, reason, true) : giveBack(entry, held, now, true);
    }

    /**
     * Makes the checkout {@code held} idle again, stamped as used at {@code lastUsed}, and hands it
     * to a waiting caller if there is one. If I/O through the lease is still running (the lease was
     * closed from another thread), the connection is closed instead: it must not reach a second caller.
     *
     * @param handedOut whether a caller held it (its return is reported to listeners before anyone
     *     can see it: a drain, say); false for a probe's claim
     * @return false if that checkout had already ended
     */
    private boolean giveBack(Entry entry, long held, long lastUsed, boolean handedOut) {
        // Before the release: after it, a new checkout may already have stored its own lease.
        Lease lease = entry.lease;
        if (lease != null && lease.held == held) {
            entry.lease = null;
        }
        entry.lastUsedNanos = lastUsed;
        if (!entry.release(held)) {
            return endUse(entry, held, EvictionReason.DISCARDED, handedOut);
        }
        seams.released(entry);
        // Pairs with close(): it sets closed, then takes idle entries; our CAS published IDLE, then we read closed.
        boolean handed = !closed && handToWaiter(entry);
        if (handedOut) {
            reportReturned(entry, lastUsed);
        }
        counters.inUse.decrement();
        drainSignal.inUseDropped();
        if (closed) {
            if (entry.removeIdle()) {
                evict(entry, EvictionReason.CLOSED);
            }
            return true;
        }
        afterIdle(entry, handed);
        return true;
    }

    /**
     * Ends the checkout {@code held} by removing the entry and closing its connection.
     *
     * @param handedOut as for {@link #giveBack}
     * @return false if that checkout had already ended
     */
    private boolean endUse(Entry entry, long held, EvictionReason reason, boolean handedOut) {
        if (!entry.end(held)) {
            return false;
        }
        if (handedOut) {
            reportReturned(entry, NO_TIME);
        }
        counters.inUse.decrement();
        drainSignal.inUseDropped();
        evict(entry, reason);
        return true;
    }

    /**
     * @param now the return's time if the caller read the clock for a listener, else {@link #NO_TIME}
     */
    private void reportReturned(Entry entry, long now) {
        if (listeners.any()) {
            long since = entry.checkoutNanos;
            // A listener added during this checkout finds no checkout time: reported as no time.
            listeners.returned(entry.host.address, since == NO_TIME ? 0
                    : Math.max(0, (now == NO_TIME ? clock.now() : now) - since));
        }
    }

    /**
     * After an entry became idle and was not handed to a waiter of its address: lets callers
     * waiting for room under maxTotal know that there is an idle connection to evict, and the
     * housekeeper when it expires.
     */
    private void afterIdle(Entry entry, boolean handed) {
        if (!handed) {
            hosts.wakeRoomWaiters();
        }
        if (housekeeper != null) {
            housekeeper.dueBy(idleDue(entry));
        }
    }

    /** When an idle entry is next due anything: its expiry, or its keepalive probe. */
    private long idleDue(Entry entry) {
        long due = entry.idleDeadline(maxAgeNanos, maxIdleNanos);
        return keepaliveNanos > 0 ? Math.min(due, entry.keepaliveDeadline(keepaliveNanos)) : due;
    }

    /**
     * Claims an idle entry for the parked head of its host's queue. The entry was published IDLE
     * before this reads {@link Host#waiting}, and a waiter counts itself there before it looks for
     * idle entries, so no waiter sleeps next to an idle connection.
     *
     * @return true if nobody else needs to hear of the entry (handed over, or already taken by
     *     another claimer)
     */
    private boolean handToWaiter(Entry entry) {
        Host host = entry.host;
        if (host.waiting == 0) {
            return false;
        }
        host.lock.lock();
        try {
            Waiter head = host.head();
            if (head == null) {
                return false;
            }
            if (!head.parked || head.warming) {
                // Busy with its checks: it looks for idle entries again before it parks. It may take
                // another one, so this one is still news for callers waiting for room elsewhere.
                // A warm-up takes none: woken, it lets a caller behind it look.
                head.wake();
                return false;
            }
            long hold = claim(entry);
            if (hold != Entry.NO_HOLD) {
                host.handOff(head, entry, hold);
            }
            return true;
        } finally {
            host.lock.unlock();
        }
    }

    /** Ends a lease by closing its connection. */
    void discard(Lease lease) {
        endUse(lease.entry, lease.held, EvictionReason.DISCARDED, true);
    }

    /**
     * Called when a probe's claim ends without its caller (a keepalive's always): the entry goes back
     * to idle, still stamped with its last use so that maxIdle keeps counting, and to a waiting
     * caller if there is one; or out.
     */
    void probeEnded(Entry entry, long held, boolean healthy) {
        if (healthy && UserCode.isOpen(entry)) {
            giveBack(entry, held, entry.lastUsedNanos, false);
        } else {
            endUse(entry, held, closed ? EvictionReason.CLOSED : EvictionReason.UNHEALTHY, false);
        }
    }

    // ---------------------------------------------------------------- eviction

    /** Detaches one entry its caller moved to REMOVED, forgets it and closes its connection. */
    private Throwable evict(Entry entry, EvictionReason reason) {
        List<Entry> gone = List.of(entry);
        hosts.detach(entry.host, gone, true);
        registry.forget(gone);
        return closeRemoved(entry, reason);
    }

    /**
     * Detaches entries of one host that their caller moved to REMOVED, with one lock hold and one
     * array copy, then closes their connections outside every lock. The registry forgets them when
     * the sweep ends.
     */
    private void evict(Host host, Victims victims, Sweep sweep) {
        hosts.detach(host, victims.entries, true);
        sweep.gone.addAll(victims.entries);
        for (int i = 0; i < victims.entries.size(); i++) {
            Throwable failure = closeRemoved(victims.entries.get(i), victims.reasons.get(i));
            if (failure != null && sweep.failures != null) {
                sweep.failures.add(failure);
            }
        }
    }

    /**
     * One eviction pass over one or more hosts ({@link #sweepIdle} per host). The registry forgets
     * every victim in one call when it {@link #finish finishes}, so evicting all hosts costs one
     * registry update rather than one per host.
     */
    private final class Sweep {
        final List<Entry> gone = new ArrayList<>();
        /** Where close failures are collected, or null to leave them to UserCode's log line. */
        final List<Throwable> failures;

        Sweep(List<Throwable> failures) {
            this.failures = failures;
        }

        void finish() {
            if (!gone.isEmpty()) {
                registry.forget(gone);
            }
        }
    }

    /** Closes a detached entry's connection and reports it. @return what closing threw, or null */
    private Throwable closeRemoved(Entry entry, EvictionReason reason) {
        if (reason != EvictionReason.CLOSED) {
            counters.evictions.increment();
        }
        Throwable failure = UserCode.close(entry.conn, entry.host.address);
        listeners.evicted(entry.host.address, reason);
        return failure;
    }

    /** Idle entries of one host taken for eviction, with why. */
    private static final class Victims {
        final List<Entry> entries = new ArrayList<>();
        final List<EvictionReason> reasons = new ArrayList<>();

        void add(Entry entry, EvictionReason reason) {
            entries.add(entry);
            reasons.add(reason);
        }
    }

    /**
     * Removes the host's idle entries for which {@code reason} answers non-null, and evicts them in
     * one batch (registry updates wait for the sweep's end). The one loop behind {@link #evictIdle},
     * the housekeeper and {@link #close()}.
     *
     * @return how many were evicted
     */
    private int sweepIdle(Host host, Function<Entry, EvictionReason> reason, Sweep sweep) {
        Victims victims = null;
        for (Entry entry : host.entries) {
            if (!entry.isIdle()) {
                continue;
            }
            EvictionReason why = reason.apply(entry);
            if (why != null && entry.removeIdle()) {
                if (victims == null) {
                    victims = new Victims();
                }
                victims.add(entry, why);
            }
        }
        if (victims == null) {
            return 0;
        }
        evict(host, victims, sweep);
        return victims.entries.size();
    }

    // ---------------------------------------------------------------- drain, housekeeping, close

    @Override
    public boolean drain(Duration timeout) throws InterruptedException {
        long nanos = Arguments.requireNonNegative("timeout", timeout);
        return drainSignal.await(this::nothingCheckedOut, nanos);
    }

    /**
     * Whether no connection is checked out (or being probed) and no dial is in flight. The in-use
     * adder's sum is not a snapshot, so a zero is confirmed on the entries themselves: a checkout
     * that lasts through this scan is seen.
     */
    private boolean nothingCheckedOut() {
        if (counters.inUse.sum() > 0 || counters.dialing.get() > 0) {
            return false;
        }
        for (Host host : hosts.all()) {
            for (Entry entry : host.entries) {
                if (Entry.phase(entry.state()) == Entry.IN_USE) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public int evictIdle(String address) {
        if (address != null) {
            Arguments.requireAddress(address);
        }
        int evicted = 0;
        Sweep sweep = new Sweep(null);
        for (Host host : address == null ? List.copyOf(hosts.all()) : listOf(hosts.get(address))) {
            evicted += sweepIdle(host, entry -> EvictionReason.MANUAL, sweep);
        }
        sweep.finish();
        return evicted;
    }

    /**
     * The housekeeper's cleanup: closes expired idle connections, starts keepalive probes and warns
     * about leaks.
     *
     * @param now pool-clock time
     * @return the pool-clock time the next thing is due, or Long.MAX_VALUE
     */
    long housekeep(long now) {
        long next = Long.MAX_VALUE;
        boolean any = false;
        Sweep sweep = new Sweep(null);
        for (Host host : hosts.all()) {
            if (backoff != null && host.backoffNanos != 0) {
                next = Math.min(next, housekeepBackoff(host, now));
            }
            sweepIdle(host, entry -> entry.expiry(now, maxAgeNanos, maxIdleNanos, true), sweep);
            for (Entry entry : host.entries) {
                any = true;
                long phase = Entry.phase(entry.state());
                if (phase == Entry.IDLE) {
                    next = Math.min(next, entry.idleDeadline(maxAgeNanos, maxIdleNanos));
                    if (keepaliveNanos > 0) {
                        next = Math.min(next, keepalive(entry, now));
                    }
                } else if (phase == Entry.IN_USE) {
                    // Its return will ask for its age deadline; knowing it now spares that wake-up.
                    long age = entry.ageDeadline(maxAgeNanos);
                    if (age > now) {
                        next = Math.min(next, age);
                    }
                    if (leakNanos > 0) {
                        next = Math.min(next, checkLeak(entry, now));
                    }
                }
            }
        }
        sweep.finish();
        if (any) {
            // A checked-out connection becomes idle, and a checkout starts its leak clock, at the earliest
            // now; planning for that keeps returns and checkouts from waking us one by one.
            if (maxIdleNanos > 0) {
                next = Math.min(next, now + maxIdleNanos);
            }
            if (keepaliveNanos > 0) {
                next = Math.min(next, now + keepaliveNanos);
            }
            if (leakNanos > 0) {
                next = Math.min(next, now + leakNanos);
            }
        }
        return next;
    }

    /**
     * A host's dial backoff, looked at by the housekeeper, which retires the host once the backoff
     * is forgotten and nothing else keeps it. The unlocked read that brings it here may miss a
     * backoff that has just started; that one's {@code dueBy} brings the housekeeper back.
     *
     * @return the pool-clock time the backoff next needs a look, or {@link Long#MAX_VALUE}
     */
    private long housekeepBackoff(Host host, long now) {
        host.lock.lock();
        try {
            long due = backoff.housekeep(host, now);
            hosts.retireIfUnused(host);
            return due;
        } finally {
            host.lock.unlock();
        }
    }

    /**
     * Probes an idle entry whose keepalive is due: claims it (so checkouts skip it, and it counts in
     * use) and runs the health check on a probe thread, which settles it ({@link #probeEnded}). Its
     * expiry deadline, already planned by the caller, stays planned: a probe that passes leaves
     * maxIdle counting.
     *
     * @return when the entry is next due a probe
     */
    private long keepalive(Entry entry, long now) {
        long due = entry.keepaliveDeadline(keepaliveNanos);
        if (now < due) {
            return due;
        }
        if (!keepaliveProbes.tryAcquire()) {
            // The flag first, then one more try: a probe that gave its permit back before the flag
            // was set leaves that permit to this try, one that gives it back after sees the flag.
            keepaliveWaiting = true;
            if (!keepaliveProbes.tryAcquire()) {
                return Long.MAX_VALUE; // the next probe to end brings the housekeeper back
            }
        }
        long held = claim(entry);
        if (held == Entry.NO_HOLD) {
            keepaliveProbes.release();
            return Long.MAX_VALUE; // taken meanwhile: its return plans its next probe
        }
        // A checkout and return between the reads above and the claim make this probe early, never harmful.
        entry.checkoutNanos = now;
        HealthProbe.start(config.healthCheck(), entry, held, probes, healthCheckNanos, this);
        return Arguments.deadline(now, keepaliveNanos);
    }

    /** A keepalive probe's check returned (or never started): its permit is free for the next one. */
    void keepaliveProbeDone() {
        keepaliveProbes.release();
        if (keepaliveWaiting) {
            keepaliveWaiting = false;
            if (housekeeper != null) {
                housekeeper.dueBy(clock.now());
            }
        }
    }

    private long checkLeak(Entry entry, long now) {
        Lease lease = entry.lease;
        if (lease == null || lease.leakReported || lease.isSpent()) {
            return Long.MAX_VALUE;
        }
        long due = entry.checkoutNanos + leakNanos;
        if (now < due) {
            return due;
        }
        lease.leakReported = true;
        long held = now - entry.checkoutNanos;
        log.warn("Possible connection leak: a connection to {} has been checked out for {} ms, longer than "
                        + "leakDetectionThreshold ({} ms). Close the PooledConnection when done. It was checked out here:",
                Arguments.printable(entry.host.address), Arguments.millis(held),
                Arguments.millis(leakNanos), lease.origin);
        listeners.leakSuspected(entry.host.address, held);
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
        Sweep sweep = new Sweep(failures);
        for (Host host : List.copyOf(hosts.all())) {
            host.lock.lock();
            try {
                host.wakeAll();
                if (backoff != null) {
                    backoff.forget(host); // the stats count it no more
                }
                hosts.retireIfUnused(host); // a host kept only for its backoff holds nothing now
            } finally {
                host.lock.unlock();
            }
            sweepIdle(host, entry -> EvictionReason.CLOSED, sweep);
        }
        sweep.finish();
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
        long now = clock.now();
        for (Host host : hosts.all()) {
            for (Entry entry : host.entries) {
                long phase = Entry.phase(entry.state());
                if (phase != Entry.REMOVED) {
                    boolean inUse = phase == Entry.IN_USE;
                    result.add(new ConnSnapshot(host.address, clock.instant(entry.createdNanos),
                            clock.instant(entry.lastUsedNanos), inUse, inUse ? checkedOutFor(entry, now) : null));
                }
            }
        }
        return result;
    }

    /**
     * How long an entry's checkout has lasted at {@code now}, or null if its start was not recorded
     * (see {@link ConnSnapshot#checkedOutFor()}). A checkout starts after the previous return, so the
     * start is taken no earlier than that: it corrects a recent time older than the return, and a
     * checkout caught between its claim and its stamp, which still shows the previous one's.
     */
    private static Duration checkedOutFor(Entry entry, long now) {
        long since = entry.checkoutNanos;
        return since == NO_TIME ? null : Duration.ofNanos(Math.max(0, now - Math.max(since, entry.lastUsedNanos)));
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    /** The evictor thread, or null when no limit needs one; for tests. */
    Thread housekeeperThread() {
        return housekeeper == null ? null : housekeeper.thread();
    }

    /** Whether the pool keeps any state for an address; for tests of host retirement. */
    boolean knows(String address) {
        return hosts.get(address) != null;
    }

    /** The pool's clock reading, for tests that drive {@link #housekeep} with numbers. */
    long now() {
        return clock.now();
    }

    /** The housekeeper's tick, for tests that run the pool without its thread. @return whether to tick again */
    boolean tick() {
        return clock.tick(clock.now());
    }

    @Override
    public String toString() {
        PoolStats s = stats();
        return "ConnPool-" + id + "[total=" + s.total() + ", inUse=" + s.inUse() + ", addresses=" + s.addresses()
                + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- helpers

    private static long shortestPositive(long... values) {
        long shortest = Long.MAX_VALUE;
        for (long v : values) {
            if (v > 0 && v < shortest) {
                shortest = v;
            }
        }
        return shortest;
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
            case DIAL_BACKOFF:
                return AcquireResult.BACKOFF;
            default:
                return AcquireResult.FAILED;
        }
    }
}
