package io.noisepool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the health check on an idle connection the caller has claimed (its checkout {@code held},
 * no lease yet), on a pool thread, so that neither the caller nor the entry waits longer than the
 * check's own timeout and the caller's deadline allow.
 *
 * <p>One compare-and-set on {@code outcome} decides who settles the entry: the caller if the check
 * ends in time ({@code DONE}) or overruns its own timeout while the caller waits ({@code EXPIRED}:
 * unhealthy); if the caller's deadline comes first it leaves ({@code ABANDONED}) and then either the
 * probe settles the entry when the check ends, or, if the check's timeout passes first, a timer
 * ends it as unhealthy ({@code EXPIRED}). A check that never returns thus costs one probe thread,
 * never a connection slot or a drain. A keepalive probe ({@link #start}) has no caller: it begins
 * {@code ABANDONED}.
 */
final class HealthProbe implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(HealthProbe.class);

    enum Verdict { HEALTHY, UNHEALTHY, ABANDONED }

    private static final int PENDING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;
    private static final int EXPIRED = 3;

    private final HealthCheck check;
    private final Entry entry;
    private final long held;
    private final ConnPool pool;
    private final AtomicInteger outcome = new AtomicInteger(PENDING);
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Written by the probe thread before DONE is published; read by the caller after. */
    private boolean healthy;
    /** A keepalive probe, holding one of the pool's keepalive permits until its check returns. */
    private final boolean keepalive;

    /** The pool's probe threads: daemons named {@code noisepool-probe-<pool>-<n>}, started on demand, gone after 10 idle seconds. */
    static ExecutorService newExecutor(int poolId) {
        AtomicInteger threads = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "noisepool-probe-" + poolId + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private HealthProbe(HealthCheck check, Entry entry, long held, ConnPool pool, boolean keepalive) {
        this.check = check;
        this.entry = entry;
        this.held = held;
        this.pool = pool;
        this.keepalive = keepalive;
    }

    /**
     * @param callerDeadline pool-clock time the caller stops waiting
     * @param checkNanos the check's own timeout
     * @return the verdict, UNHEALTHY for a check that overran its timeout, or ABANDONED if the
     *     caller's deadline passed first (the entry is then settled without the caller)
     */
    static Verdict run(HealthCheck check, Entry entry, long held, ExecutorService probes, Clock clock,
            long callerDeadline, long checkNanos, ConnPool pool) {
        HealthProbe probe = new HealthProbe(check, entry, held, pool, false);
        long now = clock.now();
        long checkDeadline = now + checkNanos;
        try {
            probes.execute(probe);
        } catch (RejectedExecutionException e) {
            return Verdict.UNHEALTHY; // the pool is closing
        }
        boolean callerFirst = callerDeadline < checkDeadline;
        boolean done;
        boolean interrupted = false;
        try {
            done = probe.finished.await(Math.min(callerDeadline, checkDeadline) - now, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
            interrupted = true;
        }
        if (!done) {
            if (callerFirst || interrupted) {
                if (probe.outcome.compareAndSet(PENDING, ABANDONED)) {
                    probe.expireAt(checkDeadline - clock.now(), probes);
                    return Verdict.ABANDONED;
                }
            } else if (probe.outcome.compareAndSet(PENDING, EXPIRED)) {
                log.warn("Health check of a connection to {} took longer than {} ms; closing it",
                        Arguments.printable(entry.host.address), Arguments.millis(checkNanos));
                return Verdict.UNHEALTHY;
            }
        }
        return probe.healthy ? Verdict.HEALTHY : Verdict.UNHEALTHY;
    }

    /**
     * Probes a claimed entry that nobody waits for (a keepalive): it starts as if its caller had
     * already left, so the probe settles the entry when the check ends, or a timer ends it as
     * unhealthy once {@code checkNanos} pass. Returns at once.
     */
    static void start(HealthCheck check, Entry entry, long held, ExecutorService probes, long checkNanos,
            ConnPool pool) {
        HealthProbe probe = new HealthProbe(check, entry, held, pool, true);
        probe.outcome.set(ABANDONED);
        try {
            probes.execute(probe);
        } catch (RejectedExecutionException e) {
            pool.keepaliveProbeDone();
            pool.probeEnded(entry, held, false); // the pool is closing
            return;
        }
        probe.expireAt(checkNanos, probes);
    }

    /** After the caller left: ends the entry as unhealthy once the check's timeout passes, unless the check ended first. */
    private void expireAt(long delayNanos, ExecutorService probes) {
        Runnable expire = () -> {
            if (outcome.compareAndSet(ABANDONED, EXPIRED)) {
                pool.probeEnded(entry, held, false);
            }
        };
        // Closing the connection may block: run it on a probe thread, not on the JDK's shared timer thread,
        // unless the pool is closing and its probe threads are gone.
        CompletableFuture.delayedExecutor(Math.max(0, delayNanos), TimeUnit.NANOSECONDS, task -> {
            try {
                probes.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        }).execute(expire);
    }

    @Override
    public void run() {
        healthy = isHealthy();
        if (keepalive) {
            // When the check returns, not when a timer settles the entry: the thread is what it costs.
            pool.keepaliveProbeDone();
        }
        if (outcome.compareAndSet(PENDING, DONE)) {
            finished.countDown();
        } else if (outcome.compareAndSet(ABANDONED, DONE)) {
            pool.probeEnded(entry, held, healthy);
        }
    }

    private boolean isHealthy() {
        try {
            return check.isHealthy(entry.conn);
        } catch (Throwable e) {
            // Anything, Errors too: the claimed entry must still be settled, or it would stay checked out forever.
            log.warn("Health check of a connection to {} threw; closing it: {}",
                    Arguments.printable(entry.host.address), e.toString());
            return false;
        }
    }
}
