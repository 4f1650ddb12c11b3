package io.noisepool.autoconfigure;

import io.noisepool.Pool;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Drains every {@link Pool} bean of the context when it stops: all pools at once, each on its own
 * thread, each waiting up to the same drain timeout for its checked-out connections to come back.
 *
 * <ul>
 * <li>When the context <b>closes</b>, each pool is closed once drained (or once the drain timeout
 *     passed; connections still out are closed when they are returned). Only this closes a pool
 *     for good.
 * <li>On a plain <b>stop</b> ({@code context.stop()}, or a checkpoint, which stops and restarts
 *     lifecycle beans), each pool instead closes its idle connections once drained, so no socket
 *     stays open across a checkpoint, and stays open: after {@link #start()} it dials afresh.
 *     Pool-core has no way to refuse checkouts for a while, so connections checked out during
 *     the stop are pooled as usual.
 * <li>A <b>pause</b> does not stop it at all (see {@link #isPauseable()}).
 * </ul>
 *
 * <p>Spring waits for {@link #stop(Runnable)} at most {@code spring.lifecycle.timeout-per-shutdown-phase};
 * if that runs out first, the context goes on to destroy its beans, and {@link #destroy()} cuts
 * the drains still running short, so their pools close then. Each pool's outcome is logged: how
 * long it waited, and at WARN how many connections were still out when the wait was cut short.
 *
 * <p>Stopping a stopped lifecycle does nothing; so does a pool's own {@code close()} at bean
 * destruction after it has been closed here. Thread-safe.
 */
public final class NoisePoolLifecycle implements SmartLifecycle, DisposableBean {

    /**
     * Our phase. Spring stops the highest phase first. Boot runs the web server's graceful
     * shutdown at {@code DEFAULT_PHASE - 1024} (in-flight requests finish and return their
     * connections) and stops the server at {@code DEFAULT_PHASE - 2048}; 1024 below that, the pools
     * drain once no request can reach them any more, and still close before any bean, their
     * dialers' dependencies included, is destroyed. Our own constant, so we need no web-server
     * dependency.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

    private static final Logger log = LoggerFactory.getLogger(NoisePoolLifecycle.class);

    private final Map<String, Pool> pools;
    private final Duration drainTimeout;
    private final ConfigurableApplicationContext context;
    // Set by start, cleared by the stop that begins the drains; a second stop finds it false.
    private final AtomicBoolean running = new AtomicBoolean();
    // Drain threads still running, so that destroy() can cut them short.
    private final Set<Thread> draining = ConcurrentHashMap.newKeySet();

    /**
     * @param pools the pools by bean name, not {@code null}
     * @param drainTimeout how long each pool waits for its checked-out connections, zero or more
     * @param context the context whose close (as opposed to a plain stop) closes the pools
     */
    public NoisePoolLifecycle(Map<String, ? extends Pool> pools, Duration drainTimeout,
            ConfigurableApplicationContext context) {
        this.pools = new TreeMap<>(pools);
        this.drainTimeout = drainTimeout;
        this.context = context;
    }

    /** Marks the pools as serving; they always are, as only the context's close closes them. */
    @Override
    public void start() {
        this.running.set(true);
    }

    /**
     * Drains every pool concurrently and returns at once; the callback runs when the last pool
     * is drained (or cut off) and closed, or only shed of its idle connections if the context is
     * not closing. Runs the callback at once if already stopped.
     *
     * @param callback told when every pool is done, not {@code null}
     */
    @Override
    public void stop(Runnable callback) {
        if (!this.running.compareAndSet(true, false) || this.pools.isEmpty()) {
            callback.run();
            return;
        }
        boolean closing = this.context.isClosed();
        AtomicInteger left = new AtomicInteger(this.pools.size());
        this.pools.forEach((name, pool) -> {
            Thread thread = new Thread(() -> {
                try {
                    drainThenRelease(name, pool, closing);
                } finally {
                    this.draining.remove(Thread.currentThread());
                    if (left.decrementAndGet() == 0) {
                        callback.run();
                    }
                }
            }, "noisepool-drain-" + name);
            thread.setDaemon(true);
            this.draining.add(thread);
            thread.start();
        });
    }

    /**
     * As {@link #stop(Runnable)}, waiting until every pool is done (at most the drain timeout
     * plus the closes). Interrupted, it stops waiting and keeps the flag set.
     */
    @Override
    public void stop() {
        CountDownLatch done = new CountDownLatch(1);
        stop(done::countDown);
        try {
            done.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Cuts short the drains still running: Spring's shutdown-phase timeout ran out before they
     * ended, and the context now destroys its beans. Each cut pool is closed by its drain thread.
     */
    @Override
    public void destroy() {
        this.draining.forEach(Thread::interrupt);
    }

    private void drainThenRelease(String name, Pool pool, boolean closing) {
        long started = System.nanoTime();
        boolean drained = drain(pool);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        try {
            if (closing) {
                release(name, pool, drained, waitedMillis, "closing it", "closing it now, they are closed when returned");
                pool.close();
            } else {
                release(name, pool, drained, waitedMillis, "closing its idle connections until it starts again",
                        "closing its idle connections, it serves again when started");
                pool.evictIdle(null);
            }
        } catch (RuntimeException ex) {
            log.warn("Pool '{}' failed to close some connections", name, ex);
        }
    }

    private void release(String name, Pool pool, boolean drained, long waitedMillis, String drainedAction,
            String cutAction) {
        if (drained) {
            log.info("Pool '{}' drained in {} ms; {}", name, waitedMillis, drainedAction);
        } else {
            log.warn("Pool '{}' still had {} connection(s) checked out after waiting {} ms "
                    + "(noise.pool.drain-timeout={}, or spring.lifecycle.timeout-per-shutdown-phase ran out first); {}",
                    name, pool.stats().inUse(), waitedMillis, this.drainTimeout, cutAction);
        }
    }

    private boolean drain(Pool pool) {
        try {
            return pool.drain(this.drainTimeout);
        } catch (InterruptedException ex) {
            // Cut short by destroy(); the flag stays set and the thread ends once the pool is released.
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean isRunning() {
        return this.running.get();
    }

    /**
     * @return {@code false}: a pause ({@code context.pause()}) leaves the pools serving and their
     *     idle connections pooled. Pausing stops components that take in work (listeners,
     *     schedulers); a pool only serves its callers, and draining it would only hold them up.
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
