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
 * {@code now + horizon} (the shortest of maxAge, maxIdle and the leak threshold), and the scan
 * itself sees every earlier deadline of what was there when it began. So {@link #dueBy} stays
 * lock-free during a scan instead of forcing another scan for every return: it only marks that
 * something arrived, and the thread then wakes no later than {@code now + horizon}, when the
 * earliest of those arrivals can first be due.
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
    /**
     * Something was reported since the current scan began (cleared just before it). Written by
     * reporters only while it is false, so returns do not keep writing one shared line.
     */
    private volatile boolean reported;
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

    /** Tells the housekeeper that something is due at {@code deadline} (pool clock). Lock-free unless it is earlier than planned. */
    void dueBy(long deadline) {
        // Mark first, then read wakeAt; run() writes wakeAt, then reads the mark: one of the two
        // sees the other, so an arrival is never both missed by the scan and unplanned for.
        if (!reported) {
            reported = true;
        }
        if (deadline < wakeAt - SLACK_NANOS) {
            lock.lock();
            try {
                rescan = true;
                wake.signal();
            } finally {
                lock.unlock();
            }
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
            while (!stopped) {
                rescan = false;
                long now = clock.now();
                wakeAt = now + horizonNanos;
                reported = false;
                long next = runCleanup(now);
                if (stopped) {
                    break;
                }
                if (rescan) {
                    continue;
                }
                long scanned = now;
                now = clock.now();
                long target = next == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(next, now + SLACK_NANOS);
                wakeAt = target;
                if (reported) {
                    // Joined or returned during the scan, maybe after the scan passed it: due no earlier than this.
                    target = Math.min(target, Math.max(scanned + horizonNanos, now + SLACK_NANOS));
                    wakeAt = target;
                }
                if (target == Long.MAX_VALUE) {
                    wake.await();
                } else {
                    wake.awaitNanos(target - now);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the cleanup without holding our lock, so that dueBy never waits for a scan. Anything it
     * throws (an Error from a connection's close included) is logged and retried, never the end of
     * the thread.
     */
    private long runCleanup(long now) {
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
