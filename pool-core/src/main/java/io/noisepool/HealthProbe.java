package io.noisepool;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the health check on an idle connection the caller has claimed (its checkout {@code held},
 * no lease yet).
 * Bounded probes run on a pool thread so the caller can give up at its deadline; whichever of the
 * caller and the probe finishes second decides the entry's fate, through one compare-and-set.
 */
final class HealthProbe implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(HealthProbe.class);

    enum Verdict { HEALTHY, UNHEALTHY, ABANDONED }

    private static final int PENDING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    private final HealthCheck check;
    private final Entry entry;
    private final long held;
    private final ConnPool pool;
    private final AtomicInteger outcome = new AtomicInteger(PENDING);
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Written by the probe thread before DONE is published; read by the caller after. */
    private boolean healthy;

    private HealthProbe(HealthCheck check, Entry entry, long held, ConnPool pool) {
        this.check = check;
        this.entry = entry;
        this.held = held;
        this.pool = pool;
    }

    static Verdict runHere(HealthCheck check, Entry entry) {
        return isHealthy(check, entry) ? Verdict.HEALTHY : Verdict.UNHEALTHY;
    }

    /**
     * @return the verdict, or ABANDONED if the deadline passed first; the probe then settles the
     *     entry itself through {@link ConnPool#probeAbandoned}
     */
    static Verdict runBounded(HealthCheck check, Entry entry, long held, ExecutorService probes, long deadline,
            ConnPool pool) {
        HealthProbe probe = new HealthProbe(check, entry, held, pool);
        try {
            probes.execute(probe);
        } catch (RejectedExecutionException e) {
            // The pool is closing; hand the entry back, which closes it.
            pool.probeAbandoned(entry, held, true);
            return Verdict.ABANDONED;
        }
        return probe.await(deadline);
    }

    private Verdict await(long deadline) {
        boolean done;
        try {
            done = finished.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (!done && outcome.compareAndSet(PENDING, ABANDONED)) {
            return Verdict.ABANDONED;
        }
        return healthy ? Verdict.HEALTHY : Verdict.UNHEALTHY;
    }

    @Override
    public void run() {
        healthy = isHealthy(check, entry);
        if (outcome.compareAndSet(PENDING, DONE)) {
            finished.countDown();
        } else {
            pool.probeAbandoned(entry, held, healthy);
        }
    }

    private static boolean isHealthy(HealthCheck check, Entry entry) {
        try {
            return check.isHealthy(entry.conn);
        } catch (Exception | Error e) {
            // Errors too: the claimed entry must still be settled, or it would stay checked out forever.
            log.warn("Health check of a connection to {} threw; closing it: {}", entry.host.address, e.toString());
            return false;
        }
    }
}
