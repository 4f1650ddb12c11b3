package io.noisepool.autoconfigure;

import io.noisepool.HealthCheck;
import io.noisepool.PoolConfig;
import io.noisepool.ReadyCheck;
import java.time.Duration;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Settings of the auto-configured pool, bound from {@code noise.pool.*}.
 *
 * <p>Durations take Spring's usual forms ({@code 500ms}, {@code 30s}, {@code 5m}; a bare number is
 * milliseconds). Values are checked once bound: a bad one stops start-up with an
 * {@link InvalidConfigurationPropertyValueException} naming the property, the value and the fix,
 * never a silent clamp. Mutable for binding only; not thread-safe.
 */
@ConfigurationProperties("noise.pool")
public class NoisePoolProperties implements InitializingBean {

    /** Whether to auto-configure a pool bean and its graceful shutdown. */
    private boolean enabled = true;

    /** Most connections per address; at least 1, or 0 together with unbounded for no limit. */
    private int maxSize = 10;

    /** Most connections across all addresses; 0 for no limit, else at least max-size. */
    private int maxTotal = 0;

    /** Longest a connection lives, counted from when it entered the pool; 0 for no limit. */
    private Duration maxAge = Duration.ofMinutes(30);

    /** Longest a connection stays idle in the pool before it is closed; 0 for no limit. */
    private Duration maxIdle = Duration.ofMinutes(5);

    /** Whether a max-size of 0 means no per-address limit (a file descriptor exhaustion risk). */
    private boolean unbounded = false;

    /** How long getOrDial waits for capacity when the address is full; 0 to fail at once. */
    private Duration acquireTimeout = Duration.ofSeconds(0);

    /** How long a checkout may last before it is logged as a probable leak; 0 for off. */
    private Duration leakDetectionThreshold = Duration.ofSeconds(0);

    /**
     * How long shutdown waits for checked-out connections to come back before closing the pool; 0
     * to close at once. The default leaves room, within Spring's 30s per-phase shutdown timeout and
     * a typical 30s termination grace period, for the web server's own graceful shutdown first.
     */
    private Duration drainTimeout = Duration.ofSeconds(10);

    /**
     * Checks every value and the relations between them.
     *
     * @throws InvalidConfigurationPropertyValueException naming the first bad property
     */
    @Override
    public void afterPropertiesSet() {
        if (this.maxSize < 0 || (this.maxSize == 0 && !this.unbounded)) {
            throw invalid("max-size", this.maxSize, "It must be at least 1. To remove the per-address limit, "
                    + "set noise.pool.max-size to 0 together with noise.pool.unbounded=true.");
        }
        if (this.maxTotal < 0 || (this.maxTotal > 0 && this.maxTotal < this.maxSize)) {
            throw invalid("max-total", this.maxTotal, "It must be 0 (no limit) or at least noise.pool.max-size ("
                    + this.maxSize + "). Raise it, lower noise.pool.max-size, or set 0.");
        }
        requireNonNegative("max-age", this.maxAge, "no limit");
        requireNonNegative("max-idle", this.maxIdle, "no limit");
        requireNonNegative("acquire-timeout", this.acquireTimeout, "fail at once when full");
        requireNonNegative("leak-detection-threshold", this.leakDetectionThreshold, "off");
        requireNonNegative("drain-timeout", this.drainTimeout, "close at once");
    }

    private static void requireNonNegative(String key, Duration value, String zeroMeans) {
        if (value == null || value.isNegative()) {
            throw invalid(key, value, "It must be a duration of zero (" + zeroMeans
                    + ") or more, such as 500ms, 30s or 5m.");
        }
    }

    private static InvalidConfigurationPropertyValueException invalid(String key, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException("noise.pool." + key, value, reason);
    }

    /**
     * The core configuration these settings describe.
     *
     * @param healthCheck probe before hand-out, or {@code null}
     * @param readyCheck check before pooling, or {@code null}
     * @return an immutable configuration
     */
    public PoolConfig toPoolConfig(HealthCheck healthCheck, ReadyCheck readyCheck) {
        return PoolConfig.builder()
                .maxSize(this.maxSize)
                .maxTotal(this.maxTotal)
                .maxAge(this.maxAge)
                .maxIdle(this.maxIdle)
                .unbounded(this.unbounded)
                .acquireTimeout(this.acquireTimeout)
                .leakDetectionThreshold(this.leakDetectionThreshold)
                .healthCheck(healthCheck)
                .readyCheck(readyCheck)
                .build();
    }

    /** @return whether the pool is auto-configured */
    public boolean isEnabled() {
        return this.enabled;
    }

    /** @param enabled whether the pool is auto-configured */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return most connections per address */
    public int getMaxSize() {
        return this.maxSize;
    }

    /** @param maxSize most connections per address */
    public void setMaxSize(int maxSize) {
        this.maxSize = maxSize;
    }

    /** @return most connections across all addresses, 0 for no limit */
    public int getMaxTotal() {
        return this.maxTotal;
    }

    /** @param maxTotal most connections across all addresses, 0 for no limit */
    public void setMaxTotal(int maxTotal) {
        this.maxTotal = maxTotal;
    }

    /** @return a connection's longest life, zero for no limit */
    public Duration getMaxAge() {
        return this.maxAge;
    }

    /** @param maxAge a connection's longest life, zero for no limit */
    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /** @return a connection's longest idle spell, zero for no limit */
    public Duration getMaxIdle() {
        return this.maxIdle;
    }

    /** @param maxIdle a connection's longest idle spell, zero for no limit */
    public void setMaxIdle(Duration maxIdle) {
        this.maxIdle = maxIdle;
    }

    /** @return whether a max-size of 0 means no per-address limit */
    public boolean isUnbounded() {
        return this.unbounded;
    }

    /** @param unbounded whether a max-size of 0 means no per-address limit */
    public void setUnbounded(boolean unbounded) {
        this.unbounded = unbounded;
    }

    /** @return how long getOrDial waits for capacity, zero to fail at once */
    public Duration getAcquireTimeout() {
        return this.acquireTimeout;
    }

    /** @param acquireTimeout how long getOrDial waits for capacity, zero to fail at once */
    public void setAcquireTimeout(Duration acquireTimeout) {
        this.acquireTimeout = acquireTimeout;
    }

    /** @return checkout length logged as a probable leak, zero for off */
    public Duration getLeakDetectionThreshold() {
        return this.leakDetectionThreshold;
    }

    /** @param leakDetectionThreshold checkout length logged as a probable leak, zero for off */
    public void setLeakDetectionThreshold(Duration leakDetectionThreshold) {
        this.leakDetectionThreshold = leakDetectionThreshold;
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
