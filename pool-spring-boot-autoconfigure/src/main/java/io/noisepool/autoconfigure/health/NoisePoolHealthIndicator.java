package io.noisepool.autoconfigure.health;

import io.noisepool.Pool;
import io.noisepool.PoolStats;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of one pool: {@code UP} while it is open, {@code DOWN} once closed, with the pool's
 * {@link PoolStats} components ({@code total}, {@code inUse}, {@code available}, ...) as details
 * either way. Reads counters only, so it is cheap and never blocks. Thread-safe.
 */
public class NoisePoolHealthIndicator extends AbstractHealthIndicator {

    private final Pool pool;

    /**
     * @param pool the pool to report on, not {@code null}
     */
    public NoisePoolHealthIndicator(Pool pool) {
        super("Noise pool health check failed");
        this.pool = pool;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        PoolStats stats = this.pool.stats();
        builder.status(this.pool.isClosed() ? Status.DOWN : Status.UP)
                .withDetail("total", stats.total())
                .withDetail("inUse", stats.inUse())
                .withDetail("available", stats.available())
                .withDetail("addresses", stats.addresses())
                .withDetail("pending", stats.pending())
                .withDetail("dialing", stats.dialing())
                .withDetail("dials", stats.dials())
                .withDetail("dialFailures", stats.dialFailures())
                .withDetail("evictions", stats.evictions())
                .withDetail("backingOff", stats.backingOff());
    }
}
