package io.noisepool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One of the chaos test's callers: picks a random operation on a random address until the round
 * stops, checks each outcome against the pool's contract, and gives back what it holds at the
 * end. Outcomes go to the ledger; anything the contract forbids goes there as a violation.
 */
final class ChaosWorker implements Runnable {

    /** Generous slack over an operation's own timeout before it counts as stuck: a hang, not slowness. */
    static final Duration GRACE = Duration.ofSeconds(10);
    private static final int MAX_HELD = 3;
    private static final Set<PoolErrorCode> ACQUIRE_FAILURES = EnumSet.of(PoolErrorCode.ACQUIRE_TIMEOUT,
            PoolErrorCode.DIAL_FAILED, PoolErrorCode.INVALID_DIAL_RESULT, PoolErrorCode.CONNECTION_NOT_READY,
            PoolErrorCode.DIAL_BACKOFF, PoolErrorCode.POOL_CLOSED);
    private static final Set<PoolErrorCode> PUT_REFUSALS = EnumSet.of(PoolErrorCode.CONNECTION_NOT_READY,
            PoolErrorCode.POOL_FULL, PoolErrorCode.POOL_CLOSED);

    /** What this worker is doing, for the watchdog: the operation and the monotonic time by which it must end. */
    static final class Watch {
        volatile String operation;
        volatile long mustEndBy;
        volatile boolean busy;
        /** Whether the watchdog already reported this worker stuck; touched by the sampling thread only. */
        boolean reported;
        /** The address index this worker is inside getOrDial for, or -1. */
        volatile int acquiring = -1;
        /** Bumped by each getOrDial, so the watchdog tells one call from the next on the same address. */
        volatile long acquireCalls;
        /** When the current getOrDial began (monotonic). */
        volatile long acquireStarted;
        /** The worker's thread, whose state tells parked from runnable-but-not-scheduled. */
        volatile Thread thread;
        /** Whether the worker is inside its own dial (which may hang by design), where nothing can serve it. */
        volatile boolean dialing;
    }

    private final ChaosTest.Context ctx;
    private final ChaosLedger ledger;
    private final Pool pool;
    private final Watch watch;
    private final Deque<PooledConnection> held = new ArrayDeque<>();
    private final ByteBuffer payload = ByteBuffer.allocate(16);
    /** Whether the current step began on a closed pool; its outcome is counted apart. */
    private boolean onClosedPool;

    ChaosWorker(ChaosTest.Context ctx, Watch watch) {
        this.ctx = ctx;
        this.ledger = ctx.ledger;
        this.pool = ctx.pool;
        this.watch = watch;
    }

    @Override
    public void run() {
        watch.thread = Thread.currentThread();
        try {
            while (!ctx.stop) {
                step(ThreadLocalRandom.current());
            }
        } finally {
            while (!held.isEmpty()) {
                closeLease(held.poll());
            }
        }
    }

    private void step(ThreadLocalRandom random) {
        int index = random.nextInt(ChaosTest.ADDRESSES);
        String address = ChaosTest.address(index);
        int roll = random.nextInt(1000);
        boolean closedBefore = pool.isClosed();
        onClosedPool = closedBefore;
        try {
            if (roll < 150) {
                timed("get", Duration.ZERO, () -> gotten("get", address, pool.get(address), closedBefore));
            } else if (roll < 250) {
                Duration timeout = Duration.ofMillis(20 + random.nextInt(180));
                timed("get(timeout)", timeout,
                        () -> gotten("get(timeout)", address, pool.get(address, timeout), closedBefore));
            } else if (roll < 600 || held.isEmpty() && roll < 970) {
                getOrDial(index, roll < 580 ? Duration.ofMillis(100 + random.nextInt(900)) : null, closedBefore);
            } else if (roll < 670) {
                put(index, random.nextBoolean(), closedBefore);
            } else if (roll < 750) {
                timed("close wrapper", Duration.ZERO, () -> {
                    closeLease(held.poll());
                    outcome("close wrapper", "done");
                });
            } else if (roll < 800) {
                release(random.nextBoolean());
            } else if (roll < 840) {
                remove();
            } else if (roll < 870) {
                discard();
            } else if (roll < 900) {
                use();
            } else if (roll < 930) {
                killRandom();
            } else if (roll < 945) {
                killHeldThenReturn();
            } else if (roll < 960) {
                misuseSpentLease();
            } else if (roll < 970) {
                putHeldLease();
            } else if (roll < 980) {
                removeRandomRaw();
            } else if (roll < 990) {
                timed("evictIdle", Duration.ZERO,
                        () -> outcome("evictIdle", pool.evictIdle(address) > 0 ? "closed some" : "none idle"));
            } else if (roll < 995) {
                timed("stats+snapshot", Duration.ZERO, () -> {
                    ctx.checkLimits();
                    outcome("stats+snapshot", "read");
                });
            } else {
                warmUp(index, random.nextInt(ChaosTest.MAX_SIZE) + 1, closedBefore);
            }
        } catch (RuntimeException | AssertionError e) {
            ledger.violation("unexpected " + e + " at " + firstFrames(e));
        }
    }

    private void getOrDial(int index, Duration timeout, boolean closedBefore) {
        String address = ChaosTest.address(index);
        String op = timeout == null ? "getOrDial(default timeout)" : "getOrDial(timeout)";
        ChaosDialer dialer = new ChaosDialer(ctx, index, timeout == null ? ConnPool.DEFAULT_DIAL_TIMEOUT : timeout, watch);
        timed(op, timeout == null ? ConnPool.DEFAULT_DIAL_TIMEOUT : timeout, () -> {
            try {
                PooledConnection lease;
                watch.acquireCalls++;
                watch.acquireStarted = System.nanoTime();
                watch.acquiring = index;
                try {
                    lease = timeout == null ? pool.getOrDial(address, dialer) : pool.getOrDial(address, timeout, dialer);
                } finally {
                    watch.acquiring = -1;
                }
                if (closedBefore) {
                    ledger.violation(op + " on a closed pool returned " + lease);
                }
                ChaosConn conn = adopt(address, lease);
                if (lease.fresh() && conn != dialer.created) {
                    ledger.violation(op + " returned a fresh connection its dialer did not create: " + conn);
                }
                outcome(op, lease.fresh() ? "DIALED" : "HIT");
            } catch (PoolException e) {
                expect(op, e, ACQUIRE_FAILURES, closedBefore);
                // Without a cause only when a raw remove took the new connection before it was handed
                // out, or it died (an injected fault) between its dial and its hand-out.
                ChaosConn dialed = dialer.created;
                if (e.code() == PoolErrorCode.DIAL_FAILED && e.getCause() == null
                        && (dialed == null || !dialed.removedRaw && dialed.isOpen())) {
                    ledger.violation(op + " DIAL_FAILED without its cause: " + e.getMessage());
                }
                ChaosConn created = dialer.created;
                if (created != null && e.code() == PoolErrorCode.CONNECTION_NOT_READY && created.closeCount() == 0) {
                    ledger.violation(op + " refused a connection as not ready but left it open: " + created);
                }
            }
        });
    }

    /** A warm-up among the callers: its dials keep the dialers' rules, and what it adds ends pooled or closed. */
    private void warmUp(int index, int connections, boolean closedBefore) {
        String address = ChaosTest.address(index);
        ChaosDialer dialer = new ChaosDialer(ctx, index, ConnPool.DEFAULT_DIAL_TIMEOUT, watch);
        // Each of its dials, waiting included, may take the default dial timeout.
        timed("warmUp", ConnPool.DEFAULT_DIAL_TIMEOUT.multipliedBy(connections), () -> {
            try {
                int added = pool.warmUp(address, connections, dialer);
                if (closedBefore) {
                    ledger.violation("warmUp on a closed pool added " + added);
                }
                outcome("warmUp", added == 0 ? "already warm" : "dialed");
            } catch (PoolException e) {
                expect("warmUp", e, ACQUIRE_FAILURES, closedBefore);
            }
        });
    }

    private void gotten(String op, String address, PooledConnection lease, boolean closedBefore) {
        if (lease == null) {
            outcome(op, "null");
            return;
        }
        if (closedBefore) {
            ledger.violation(op + " on a closed pool returned " + lease);
        }
        adopt(address, lease);
        outcome(op, "HIT");
    }

    private void put(int index, boolean byRemoteAddress, boolean closedBefore) {
        String address = ChaosTest.address(index);
        String op = byRemoteAddress ? "put(conn)" : "put(address, conn)";
        ChaosConn conn = ledger.newConn(index, address);
        timed(op, Duration.ZERO, () -> {
            try {
                if (byRemoteAddress) {
                    pool.put(conn);
                } else {
                    pool.put(address, conn);
                }
                if (closedBefore) {
                    ledger.violation(op + " on a closed pool succeeded");
                }
                outcome(op, "pooled");
            } catch (PoolException e) {
                expect(op, e, PUT_REFUSALS, closedBefore);
                // A worker that checked it out meanwhile may have removed it raw after giving it back,
                // which closes it once more by contract (see ChaosConn).
                if (conn.closeCount() != 1 && !conn.removedRaw) {
                    ledger.violation(op + " refused with " + e.code() + " but closed it " + conn.closeCount() + " times");
                }
            }
        });
    }

    private void release(boolean raw) {
        PooledConnection lease = held.poll();
        String op = raw ? "release(raw conn)" : "release(lease)";
        ChaosConn conn = giveBack(lease);
        timed(op, Duration.ZERO, () -> {
            try {
                pool.release(lease.address(), raw ? conn : lease);
                outcome(op, "released");
            } catch (PoolException e) {
                expect(op, e, conn.removedRaw ? EnumSet.of(PoolErrorCode.POOL_CLOSED, PoolErrorCode.CONNECTION_NOT_FOUND)
                        : EnumSet.of(PoolErrorCode.POOL_CLOSED), false);
                // A raw remove that spent this lease first closes the connection itself, maybe not yet.
                if (e.code() == PoolErrorCode.POOL_CLOSED && conn.closeCount() == 0 && !conn.removedRaw) {
                    ledger.violation(op + " on a closed pool left the connection open: " + conn);
                }
            }
        });
    }

    private void remove() {
        PooledConnection lease = held.poll();
        ChaosConn conn = giveBack(lease);
        timed("remove(lease)", Duration.ZERO, () -> {
            try {
                pool.remove(lease.address(), lease);
                outcome("remove(lease)", "removed");
                if (conn.closeCount() == 0) {
                    ledger.violation("remove left the connection open: " + conn);
                }
            } catch (PoolException e) {
                expect("remove(lease)", e, conn.removedRaw ? EnumSet.of(PoolErrorCode.CONNECTION_NOT_FOUND)
                        : EnumSet.noneOf(PoolErrorCode.class), false);
            }
        });
    }

    private void discard() {
        endHeldClosing("discard", false, PooledConnection::discard);
    }

    /** A connection that died in the caller's hands must be closed, not pooled, when the lease comes back. */
    private void killHeldThenReturn() {
        endHeldClosing("kill held, close wrapper", true, PooledConnection::close);
    }

    /** Ends the oldest lease held in a way that must close its connection (unless a raw remove got there first). */
    private void endHeldClosing(String op, boolean killFirst, Consumer<PooledConnection> end) {
        PooledConnection lease = held.poll();
        ChaosConn conn = giveBack(lease);
        if (killFirst) {
            conn.die();
        }
        timed(op, Duration.ZERO, () -> {
            end.accept(lease);
            if (conn.closeCount() == 0 && !conn.removedRaw) {
                ledger.violation(op + " left the connection open: " + conn);
            }
            outcome(op, "closed");
        });
    }

    /** Writes through the lease; a connection that died meanwhile is discarded, as a caller would. */
    private void use() {
        PooledConnection lease = held.peek();
        ChaosConn conn = lease.unwrap(ChaosConn.class);
        timed("write", Duration.ZERO, () -> {
            try {
                payload.clear();
                lease.write(payload);
                outcome("write", "written");
            } catch (ClosedChannelException e) {
                if (conn.isOpen() && !conn.removedRaw) {
                    ledger.violation("write through a live lease of an open connection failed: " + lease);
                }
                held.remove(lease);
                giveBack(lease);
                lease.discard();
                outcome("write", "dead, discarded");
            } catch (IOException e) {
                ledger.violation("write failed: " + e);
            }
        });
    }

    private void killRandom() {
        ChaosConn victim = ledger.randomRecent();
        if (victim != null) {
            victim.die();
        }
        outcome("kill a recent conn", victim == null ? "none yet" : "died");
    }

    /** A caller that keeps using a lease after giving it back must get nowhere near the connection. */
    private void misuseSpentLease() {
        PooledConnection lease = held.poll();
        ChaosConn conn = giveBack(lease);
        timed("misuse spent lease", Duration.ZERO, () -> {
            lease.close();
            lease.close();
            lease.discard();
            if (lease.isOpen()) {
                ledger.violation("a spent lease reports open: " + lease);
            }
            try {
                payload.clear();
                lease.write(payload);
                ledger.violation("a spent lease let a write through: " + lease);
            } catch (ClosedChannelException expected) {
                // the contract
            } catch (IOException e) {
                ledger.violation("a spent lease threw " + e + " instead of ClosedChannelException");
            }
            try {
                pool.release(lease.address(), lease);
                ledger.violation("release of a spent lease succeeded: " + lease + " (" + conn + ")");
            } catch (PoolException e) {
                expect("misuse spent lease", e, EnumSet.of(PoolErrorCode.CONNECTION_NOT_FOUND, PoolErrorCode.POOL_CLOSED),
                        false);
            }
        });
    }

    private void putHeldLease() {
        PooledConnection lease = held.peek();
        ChaosConn conn = lease.unwrap(ChaosConn.class);
        timed("put(held lease)", Duration.ZERO, () -> {
            try {
                pool.put(lease.address(), lease);
                ledger.violation("put of a checked-out lease succeeded: " + lease);
            } catch (PoolException e) {
                expect("put(held lease)", e, conn.removedRaw
                        ? EnumSet.of(PoolErrorCode.CONNECTION_ALREADY_POOLED, PoolErrorCode.INVALID_CONNECTION)
                        : EnumSet.of(PoolErrorCode.CONNECTION_ALREADY_POOLED), false);
            }
        });
    }

    /**
     * Removes someone's connection by its raw reference: idle, checked out by another worker, long
     * gone, or (half the time) the one dialed last, which may still be on its way from the dialer
     * to its caller's lease.
     */
    private void removeRandomRaw() {
        ChaosConn victim = ThreadLocalRandom.current().nextBoolean() ? ctx.justDialed.getAndSet(null) : null;
        if (victim == null) {
            victim = ledger.randomRecent();
        }
        if (victim == null) {
            return;
        }
        ChaosConn target = victim;
        target.removedRaw = true;
        timed("remove(raw conn)", Duration.ZERO, () -> {
            try {
                pool.remove(target.address, target);
                outcome("remove(raw conn)", "removed");
            } catch (PoolException e) {
                expect("remove(raw conn)", e, EnumSet.of(PoolErrorCode.CONNECTION_NOT_FOUND), false);
            }
        });
    }

    /** Takes ownership of a lease just handed out; two holders at once is a violation. */
    private ChaosConn adopt(String address, PooledConnection lease) {
        ChaosConn conn = lease.unwrap(ChaosConn.class);
        if (!lease.address().equals(address) || conn.addressIndex != ChaosTest.indexOf(address)) {
            ledger.violation("asked for " + address + ", got " + lease + " holding " + conn);
        }
        if (!conn.holder.compareAndSet(null, this)) {
            ledger.violation(conn + " handed out while " + conn.holder.get() + " still holds it");
        }
        held.add(lease);
        if (held.size() > MAX_HELD) {
            closeLease(held.poll());
        }
        return conn;
    }

    /** Gives up ownership before the lease goes back, so the next holder's claim can succeed. */
    private ChaosConn giveBack(PooledConnection lease) {
        ChaosConn conn = lease.unwrap(ChaosConn.class);
        if (!conn.holder.compareAndSet(this, null)) {
            ledger.violation(conn + " was held by " + conn.holder.get() + ", not by its lease holder " + this);
        }
        return conn;
    }

    private void closeLease(PooledConnection lease) {
        giveBack(lease);
        lease.close();
    }

    private void outcome(String op, String result) {
        ledger.outcome(onClosedPool ? op + " [closed pool]" : op, result, onClosedPool);
    }

    private void expect(String op, PoolException e, Set<PoolErrorCode> allowed, boolean closedBefore) {
        outcome(op, e.code().name());
        if (e.code() == PoolErrorCode.POOL_CLOSED) {
            if (!pool.isClosed()) {
                ledger.violation(op + " threw POOL_CLOSED on an open pool: " + e.getMessage());
            }
            return;
        }
        if (closedBefore && allowed.contains(PoolErrorCode.POOL_CLOSED)) {
            ledger.violation(op + " on a closed pool threw " + e.code() + " instead of POOL_CLOSED: " + e.getMessage());
        } else if (!allowed.contains(e.code())) {
            ledger.violation(op + " threw " + e.code() + ": " + e.getMessage());
        }
    }

    /** Runs an operation under the watchdog: it must end within its own timeout plus {@link #GRACE}. */
    private void timed(String op, Duration timeout, Runnable body) {
        watch.operation = op;
        watch.mustEndBy = System.nanoTime() + timeout.plus(GRACE).toNanos();
        watch.busy = true;
        try {
            body.run();
        } finally {
            watch.busy = false;
        }
    }

    private static String firstFrames(Throwable e) {
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] trace = e.getStackTrace();
        for (int i = 0; i < Math.min(6, trace.length); i++) {
            sb.append("\n    at ").append(trace[i]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "worker@" + Integer.toHexString(System.identityHashCode(this));
    }
}
