package io.noisepool.autoconfigure;

import java.time.Duration;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * How every {@code Pool} bean is drained on shutdown, bound from {@code noise.pool.*} whether the
 * pool is auto-configured or the application's own. Kept apart from {@link NoisePoolProperties}
 * so that an application with its own pool binds and checks only this. Mutable for binding only;
 * not thread-safe.
 */
@ConfigurationProperties("noise.pool")
public class NoisePoolLifecycleProperties implements InitializingBean {

    /**
     * How long shutdown waits for checked-out connections to come back before it closes the pools;
     * 0 to close at once. spring.lifecycle.timeout-per-shutdown-phase bounds it too, so shutdown
     * takes at most that phase timeout for the web server's graceful stop plus the lesser of the
     * two for the drain.
     */
    private Duration drainTimeout = Duration.ofSeconds(10);

    /**
     * Checks the drain timeout.
     *
     * @throws InvalidConfigurationPropertyValueException if it is negative
     */
    @Override
    public void afterPropertiesSet() {
        NoisePoolProperties.requireNonNegative("drain-timeout", this.drainTimeout, "close at once");
    }

    /** @return how long shutdown waits for checked-out connections, zero to close at once */
    public Duration getDrainTimeout() {
        return this.drainTimeout;
    }

    /** @param drainTimeout how long shutdown waits for checked-out connections, zero to close at once */
    public void setDrainTimeout(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }
}
