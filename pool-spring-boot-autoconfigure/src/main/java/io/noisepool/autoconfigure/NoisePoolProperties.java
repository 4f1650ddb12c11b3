package io.noisepool.autoconfigure;

import io.noisepool.HealthCheck;
import io.noisepool.PoolConfig;
import io.noisepool.ReadyCheck;
import java.time.Duration;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Settings of the auto-configured pool, bound from {@code noise.pool.*} only when the pool is
 * auto-configured (an application that defines its own {@code Pool} bean has none of them bound
 * or checked). {@code noise.pool.drain-timeout} applies to every pool and lives in
 * {@link NoisePoolLifecycleProperties}.
 *
 * <p>Each default is core's own, read from {@link PoolConfig#builder()}, so the starter cannot
 * drift from the library. Durations take Spring's usual forms ({@code 500ms}, {@code 30s},
 * {@code 5m}; a bare number is milliseconds). Values are checked once bound: a bad one stops
 * start-up with an {@link InvalidConfigurationPropertyValueException} naming the property, the
 * value and the fix, never a silent clamp. Mutable for binding only; not thread-safe.
 */
@ConfigurationProperties("noise.pool")
public class NoisePoolProperties implements InitializingBean {

    private static final PoolConfig CORE_DEFAULTS = PoolConfig.builder().build();

    /** Whether to auto-configure a pool bean and the drain of every pool on shutdown. */
    private boolean enabled = true;

    /** Most connections per address; at least 1, or 0 together with unbounded for no limit. */
    private int maxSize = CORE_DEFAULTS.maxSize();

    /** Most connections across all addresses; 0 for no limit, else at least max-size. */
    private int maxTotal = CORE_DEFAULTS.maxTotal();

    /** Longest a connection lives, counted from when it entered the pool; 0 for no limit. */
    private Duration maxAge = CORE_DEFAULTS.maxAge();

    /** Longest a connection stays idle in the pool before it is closed; 0 for no limit. */
    private Duration maxIdle = CORE_DEFAULTS.maxIdle();

    /** Whether a max-size of 0 means no per-address limit (a file descriptor exhaustion risk). */
    private boolean unbounded = CORE_DEFAULTS.unbounded();

    /** How long getOrDial waits for capacity when the address is full; 0 to fail at once. */
    private Duration acquireTimeout = CORE_DEFAULTS.acquireTimeout();

    /** How long a checkout may last before it is logged as a probable leak; 0 for off. */
    private Duration leakDetectionThreshold = CORE_DEFAULTS.leakDetectionThreshold();

    /**
     * Most a getOrDial call without a timeout of its own may take, waiting for the address's dial
     * turn and the dial (TCP connect plus handshake) together; positive.
     */
    private Duration dialTimeout = CORE_DEFAULTS.dialTimeout();

    /**
     * Most one health check may take; a check still running then counts as failed and its
     * connection is closed; positive.
     */
    private Duration healthCheckTimeout = CORE_DEFAULTS.healthCheckTimeout();

    /**
     * Most dials to one address in flight at once, each for a caller waiting for it; 1 dials one at a
     * time so a peer never sees a burst of handshakes.
     */
    private int maxConcurrentDials = CORE_DEFAULTS.maxConcurrentDials();

    /**
     * Most by which a connection's max-age is shortened, at random, as a fraction of max-age from 0
     * (off) to 0.5, so that connections dialed together do not all expire and redial together.
     */
    private double maxAgeJitter = CORE_DEFAULTS.maxAgeJitter();

    /** Backoff of dials to an address after a failed dial to it. */
    private final DialBackoff dialBackoff = new DialBackoff();

    /**
     * Idle time after which the evictor probes a connection with the application's HealthCheck bean,
     * which it then needs, and closes one that fails; 0 for off. Set it below the shortest idle
     * timeout on the path to the peer (a NAT's, the peer's own) and below max-idle.
     */
    private Duration keepaliveInterval = CORE_DEFAULTS.keepaliveInterval();

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
        requirePositive("dial-timeout", this.dialTimeout);
        requirePositive("health-check-timeout", this.healthCheckTimeout);
        if (this.maxConcurrentDials < 1) {
            throw invalid("max-concurrent-dials", this.maxConcurrentDials, "It must be at least 1 (one dial per "
                    + "address at a time); raise it to let a cold burst dial in parallel.");
        }
        if (!(this.maxAgeJitter >= 0 && this.maxAgeJitter <= 0.5)) {
            throw invalid("max-age-jitter", this.maxAgeJitter, "It must be a fraction of noise.pool.max-age from 0 "
                    + "(off) to 0.5, such as 0.1.");
        }
        requireNonNegative("dial-backoff.initial", this.dialBackoff.initial, "off");
        requirePositive("dial-backoff.max", this.dialBackoff.max);
        if (this.dialBackoff.max.compareTo(this.dialBackoff.initial) < 0) {
            throw invalid("dial-backoff.max", this.dialBackoff.max, "It must be at least noise.pool.dial-backoff.initial ("
                    + this.dialBackoff.initial + "). Raise it, or lower noise.pool.dial-backoff.initial.");
        }
        requireNonNegative("keepalive-interval", this.keepaliveInterval, "off");
    }

    static void requireNonNegative(String key, Duration value, String zeroMeans) {
        if (value == null || value.isNegative()) {
            throw invalid(key, value, "It must be a duration of zero (" + zeroMeans
                    + ") or more, such as 500ms, 30s or 5m.");
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(key, value, "It must be a duration above zero, such as 500ms, 30s or 5m.");
        }
    }

    private static InvalidConfigurationPropertyValueException invalid(String key, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException("noise.pool." + key, value, reason);
    }

    /**
     * A core configuration builder holding these settings, for {@link NoisePoolCustomizer}s to
     * adjust before it is built.
     *
     * @param healthCheck probe before hand-out, or {@code null}
     * @param readyCheck check before pooling, or {@code null}
     * @return a new builder
     */
    public PoolConfig.Builder toPoolConfigBuilder(HealthCheck healthCheck, ReadyCheck readyCheck) {
        return PoolConfig.builder()
                .maxSize(this.maxSize)
                .maxTotal(this.maxTotal)
                .maxAge(this.maxAge)
                .maxIdle(this.maxIdle)
                .unbounded(this.unbounded)
                .acquireTimeout(this.acquireTimeout)
                .leakDetectionThreshold(this.leakDetectionThreshold)
                .dialTimeout(this.dialTimeout)
                .healthCheckTimeout(this.healthCheckTimeout)
                .maxConcurrentDials(this.maxConcurrentDials)
                .maxAgeJitter(this.maxAgeJitter)
                .dialBackoff(this.dialBackoff.initial, this.dialBackoff.max)
                .keepaliveInterval(this.keepaliveInterval)
                .healthCheck(healthCheck)
                .readyCheck(readyCheck);
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

    /** @return the most a getOrDial without its own timeout may take */
    public Duration getDialTimeout() {
        return this.dialTimeout;
    }

    /** @param dialTimeout the most a getOrDial without its own timeout may take, positive */
    public void setDialTimeout(Duration dialTimeout) {
        this.dialTimeout = dialTimeout;
    }

    /** @return the most one health check may take */
    public Duration getHealthCheckTimeout() {
        return this.healthCheckTimeout;
    }

    /** @param healthCheckTimeout the most one health check may take, positive */
    public void setHealthCheckTimeout(Duration healthCheckTimeout) {
        this.healthCheckTimeout = healthCheckTimeout;
    }

    /** @return most dials to one address in flight at once */
    public int getMaxConcurrentDials() {
        return this.maxConcurrentDials;
    }

    /** @param maxConcurrentDials most dials to one address in flight at once, at least 1 */
    public void setMaxConcurrentDials(int maxConcurrentDials) {
        this.maxConcurrentDials = maxConcurrentDials;
    }

    /** @return idle time after which a connection is probed, zero for off */
    public Duration getKeepaliveInterval() {
        return this.keepaliveInterval;
    }

    /** @param keepaliveInterval idle time after which a connection is probed, zero for off */
    public void setKeepaliveInterval(Duration keepaliveInterval) {
        this.keepaliveInterval = keepaliveInterval;
    }

    /** @return most by which max-age is shortened at random, as a fraction of it */
    public double getMaxAgeJitter() {
        return this.maxAgeJitter;
    }

    /** @param maxAgeJitter most by which max-age is shortened at random, as a fraction of it, 0 to 0.5 */
    public void setMaxAgeJitter(double maxAgeJitter) {
        this.maxAgeJitter = maxAgeJitter;
    }

    /** @return the dial backoff settings */
    public DialBackoff getDialBackoff() {
        return this.dialBackoff;
    }

    /** Backoff of dials to an address after a failed dial to it ({@code noise.pool.dial-backoff.*}). */
    public static class DialBackoff {

        /**
         * How long getOrDial refuses to dial an address after a failed dial to it, failing at once
         * unless an idle connection is there; 0 for off.
         */
        private Duration initial = CORE_DEFAULTS.dialBackoffInitial();

        /** Longest the backoff grows to, doubling with each further failed dial (jittered by up to 20%). */
        private Duration max = CORE_DEFAULTS.dialBackoffMax();

        /** @return the first backoff after a failed dial, zero for off */
        public Duration getInitial() {
            return this.initial;
        }

        /** @param initial the first backoff after a failed dial, zero for off */
        public void setInitial(Duration initial) {
            this.initial = initial;
        }

        /** @return the longest backoff */
        public Duration getMax() {
            return this.max;
        }

        /** @param max the longest backoff, positive and at least the initial one */
        public void setMax(Duration max) {
            this.max = max;
        }
    }
}
