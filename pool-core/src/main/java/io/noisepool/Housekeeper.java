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
 */
final class Housekeeper implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Housekeeper.class);

    /** Lateness we accept, so that many deadlines close together cost one scan, not one each. */
    static final long SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final LongUnaryOperator cleanup;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();

    /** When the thread will next run; Long.MAX_VALUE while it runs or sleeps without a deadline. Written under lock. */
    private volatile long wakeAt = Long.MAX_VALUE;
    /** Something became due earlier than planned; guarded by lock. */
    private boolean rescan;
    /** Guarded by lock; only moves false to true. */
    private boolean stopped;

    /**
     * @param cleanup given the monotonic time now, does what is due and returns the monotonic time
     *     of the next deadline, or {@link Long#MAX_VALUE} for none
     */
    Housekeeper(String name, LongUnaryOperator cleanup) {
        this.cleanup = cleanup;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Tells the housekeeper that something is due at {@code deadline} (monotonic nanos). Cheap when nothing changes. */
    void dueBy(long deadline) {
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
                wakeAt = Long.MAX_VALUE;
                long next = runCleanup();
                if (stopped) {
                    break;
                }
                if (rescan) {
                    continue;
                }
                long now = System.nanoTime();
                if (next == Long.MAX_VALUE) {
                    wake.await();
                } else {
                    long target = Math.max(next, now + SLACK_NANOS);
                    wakeAt = target;
                    wake.awaitNanos(target - now);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Runs the cleanup without holding our lock, so that dueBy never waits for a scan. */
    private long runCleanup() {
        lock.unlock();
        try {
            return cleanup.applyAsLong(System.nanoTime());
        } catch (RuntimeException e) {
            log.warn("Pool housekeeping failed; retrying in a second", e);
            return System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        } finally {
            lock.lock();
        }
    }
}
