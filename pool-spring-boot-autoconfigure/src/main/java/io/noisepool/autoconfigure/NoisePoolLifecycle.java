package io.noisepool.autoconfigure;

import io.noisepool.Pool;
import io.noisepool.PoolException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Drains and closes one pool when the application context closes: it waits up to the drain
 * timeout for checked-out connections to come back, then closes the pool (connections still out
 * are closed when they are returned). It logs how long it waited and, if cut short, how many
 * connections were still out.
 *
 * <p>Stopping is idempotent, and so is the pool's own {@code close()} that the bean destruction
 * calls afterwards. Thread-safe.
 */
public final class NoisePoolLifecycle implements SmartLifecycle {

    /**
     * Our phase. Spring stops the highest phase first. Boot runs the web server's graceful
     * shutdown at {@code DEFAULT_PHASE - 1024} (in-flight requests finish and return their
     * connections) and stops the server at {@code DEFAULT_PHASE - 2048}; 1024 below that, the pool
     * drains once no request can reach it any more, and it still closes before any bean, its
     * dialer's dependencies included, is destroyed. Our own constant, so we need no web-server
     * dependency.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

    private static final Logger log = LoggerFactory.getLogger(NoisePoolLifecycle.class);

    private final String name;
    private final Pool pool;
    private final Duration drainTimeout;
    // Set by start, cleared once by the first stop; a second stop finds it false and does nothing.
    private final AtomicBoolean running = new AtomicBoolean();

    /**
     * @param name the pool's bean name, for the log
     * @param pool the pool to drain and close, not {@code null}
     * @param drainTimeout how long to wait for checked-out connections, zero or more
     */
    public NoisePoolLifecycle(String name, Pool pool, Duration drainTimeout) {
        this.name = name;
        this.pool = pool;
        this.drainTimeout = drainTimeout;
    }

    @Override
    public void start() {
        this.running.set(true);
    }

    @Override
    public void stop() {
        if (this.running.compareAndSet(true, false)) {
            drainAndClose();
        }
    }

    private void drainAndClose() {
        long started = System.nanoTime();
        boolean drained = drain();
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (drained) {
            log.info("Pool '{}' drained in {} ms; closing it", this.name, waitedMillis);
        } else {
            log.warn("Pool '{}' still had {} connection(s) checked out after waiting {} ms "
                    + "(noise.pool.drain-timeout={}); closing it now, they are closed when returned",
                    this.name, this.pool.stats().inUse(), waitedMillis, this.drainTimeout);
        }
        try {
            this.pool.close();
        } catch (PoolException ex) {
            log.warn("Pool '{}' failed to close some connections", this.name, ex);
        }
    }

    private boolean drain() {
        try {
            return this.pool.drain(this.drainTimeout);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean isRunning() {
        return this.running.get();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
