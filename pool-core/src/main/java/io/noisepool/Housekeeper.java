package io.noisepool;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's one background thread: runs the pool's cleanup, which takes {@code now} and answers
 * the next time anything is due, then sleeps exactly until then. No fixed tick: an empty pool
 * sleeps until something is added. Anything that creates an earlier deadline calls
 * {@link #dueBy(long)} to wake it.
 *
 * <p>While a cleanup runs, nothing that joins the pool or comes back to it can be due before
 * {@code now + horizon} (the shortest of maxAge, maxIdle, the leak threshold and the keepalive
 * interval), and the scan itself sees every earlier deadline; so {@link #dueBy} stays lock-free
 * during a scan instead of forcing another scan for every return. (A connection back from a
 * keepalive probe keeps its earlier expiry, but the scan that started the probe planned for it.)
 *
 * <p>It is also the pool's ticker: while the hit path uses the {@link Clock#recent() recent time},
 * it publishes one every {@link Clock#TICK_NANOS} between cleanups, and stops after a tick nobody
 * used; a reader that finds no time published asks it to start again ({@link #tickSoon}). A tick
 * is not a scan. Around a cleanup (which may block in a connection's {@code close()}) and after the
 * thread ends, no time is published, so readers read the clock rather than trust an old one.
 */
final class Housekeeper implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Housekeeper.class);

    /** Lateness we accept, so that many deadlines close together cost one scan, not one each. */
    static final long SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LongUnaryOperator cleanup;
    private final Clock clock;
    private final long horizonNanos;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();

    /** When the thread will next run (pool clock); Long.MAX_VALUE while it sleeps without a deadline. Written under lock. */
    private volatile long wakeAt = Long.MAX_VALUE;
    /** Something became due earlier than planned; guarded by lock. */
    private boolean rescan;
    /** Set by the thread for the length of a cleanup; read by dueBy. */
    private volatile boolean scanning;
    /**
     * A dueBy during a cleanup left the thread unwoken; the scan may have passed the entry's address
     * before it joined, so the thread wakes by {@code scan start + horizon} to look.
     */
    private volatile boolean missed;
    /** When the next tick is due (pool clock); Long.MAX_VALUE while not ticking. Guarded by lock. */
    private long tickAt = Long.MAX_VALUE;
    /** Guarded by lock; only moves false to true. */
    private boolean stopped;

    /**
     * @param horizonNanos the earliest, counted from now, that anything added or returned now can
     *     be due; positive
     * @param cleanup given the pool-clock time now, does what is due and returns the time of the
     *     next deadline, or {@link Long#MAX_VALUE} for none
     */
    Housekeeper(String name, Clock clock, long horizonNanos, LongUnaryOperator cleanup) {
        this.cleanup = cleanup;
        this.clock = clock;
        this.horizonNanos = horizonNanos;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Tells the housekeeper that something is due at {@code deadline} (pool clock). Lock-free unless
     * it is earlier than planned.
     *
     * <p>During a cleanup it leaves a mark ({@link #missed}) and then reads {@link #wakeAt} again; the
     * thread sets {@code wakeAt} after the scan and then reads the mark. So either the thread sees
     * the mark and wakes by the horizon, or this sees the thread's new plan and wakes it if that is
     * too late: an entry that joined behind the scan is never left without a wake-up.
     */
    void dueBy(long deadline) {
        if (deadline < wakeAt - SLACK_NANOS) {
            rescanNow();
        } else if (scanning) {
            missed = true;
            if (deadline < wakeAt - SLACK_NANOS) {
                rescanNow();
            }
        }
    }

    private void rescanNow() {
        lock.lock();
        try {
            rescan = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** A reader found no recent time published: tick at once, and every tick while it is used. */
    void tickSoon() {
        lock.lock();
        try {
            if (tickAt == Long.MAX_VALUE) {
                tickAt = Long.MIN_VALUE;
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    void stop() {
        lock.lock();
        try {
            stopped = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    Thread thread() {
        return thread;
    }

    @Override
    public void run() {
        lock.lock();
        try {
            long cleanupAt = Long.MIN_VALUE; // at once
            while (!stopped) {
                long now = clock.now();
                if (rescan || now >= cleanupAt) {
                    rescan = false;
                    long scanStart = now;
                    missed = false;
                    wakeAt = scanStart + horizonNanos;
                    scanning = true;
                    long next = runCleanup(now);
                    if (stopped) {
                        break;
                    }
                    if (rescan) {
                        continue;
                    }
                    now = clock.now();
                    cleanupAt = next == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(next, now + SLACK_NANOS);
                    wakeAt = cleanupAt;
                    scanning = false;
                    if (missed) {
                        cleanupAt = Math.min(cleanupAt, Math.max(scanStart + horizonNanos, now + SLACK_NANOS));
                        wakeAt = cleanupAt;
                    }
                    tickAt = Long.MIN_VALUE; // the time went stale during the scan; publish again if it is used
                }
                if (now >= tickAt) {
                    tickAt = clock.tick(now) ? now + Clock.TICK_NANOS : Long.MAX_VALUE;
                }
                long until = Math.min(cleanupAt, tickAt);
                if (until == Long.MAX_VALUE) {
                    wake.await();
                } else {
                    wake.awaitNanos(until - now);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clock.pause(); // for good: nobody publishes a time any more
            lock.unlock();
        }
    }

    /**
     * Runs the cleanup without holding our lock, so that dueBy never waits for a scan. Anything it
     * throws (an Error from a connection's close included) is logged and retried, never the end of
     * the thread.
     */
    private long runCleanup(long now) {
        clock.pause(); // a cleanup may block in a user's close(): readers read the clock meanwhile
        lock.unlock();
        try {
            return cleanup.applyAsLong(now);
        } catch (Throwable e) {
            log.warn("Pool housekeeping failed; retrying in a second", e);
            return now + RETRY_NANOS;
        } finally {
            lock.lock();
        }
    }
}
