package io.noisepool;

import java.time.Duration;

/**
 * Immutable pool configuration, built with {@link #builder()}.
 *
 * <p>Defaults: {@code maxSize} {@value ConnPool#DEFAULT_MAX_SIZE} per address ({@code 0} or
 * negative means the default unless {@code unbounded}); {@code maxTotal} 0 (no global limit);
 * {@code maxAge} 30 minutes; {@code maxIdle} 5 minutes ({@link Duration#ZERO} = no limit, for
 * either); {@code acquireTimeout} zero (fail fast when full); leak detection off (zero); no health
 * or ready check; {@code dialTimeout} {@link ConnPool#DEFAULT_DIAL_TIMEOUT} (what
 * {@link Pool#getOrDial(String, Dialer)} allows); {@code healthCheckTimeout}
 * {@link ConnPool#DEFAULT_HEALTH_CHECK_TIMEOUT} (the most one health check may take);
 * {@code maxConcurrentDials} 1 (one dial per address at a time); {@code maxAgeJitter} 0 (every
 * connection lives exactly {@code maxAge}); dial backoff off ({@code dialBackoffInitial} zero; its
 * {@code dialBackoffMax} {@link ConnPool#DEFAULT_DIAL_BACKOFF_MAX}).
 *
 * <p>{@code keepaliveInterval} zero (off): no idle connection is probed until a caller takes it.
 */
public final class PoolConfig {

    private final int maxSize;
    private final int maxTotal;
    private final Duration maxAge;
    private final Duration maxIdle;
    private final boolean unbounded;
    private final HealthCheck healthCheck;
    private final ReadyCheck readyCheck;
    private final Duration acquireTimeout;
    private final Duration leakDetectionThreshold;
    private final Duration dialTimeout;
    private final Duration healthCheckTimeout;
    private final int maxConcurrentDials;
    private final double maxAgeJitter;
    private final Duration dialBackoffInitial;
    private final Duration dialBackoffMax;
    private final Duration keepaliveInterval;

    private PoolConfig(Builder b) {
        this.unbounded = b.unbounded;
        this.maxSize = b.maxSize > 0 ? b.maxSize : (b.unbounded ? 0 : ConnPool.DEFAULT_MAX_SIZE);
        this.maxTotal = b.maxTotal;
        this.maxAge = b.maxAge;
        this.maxIdle = b.maxIdle;
        this.healthCheck = b.healthCheck;
        this.readyCheck = b.readyCheck;
        this.acquireTimeout = b.acquireTimeout;
        this.leakDetectionThreshold = b.leakDetectionThreshold;
        this.dialTimeout = b.dialTimeout;
        this.healthCheckTimeout = b.healthCheckTimeout;
        this.maxConcurrentDials = b.maxConcurrentDials;
        this.maxAgeJitter = b.maxAgeJitter;
        this.dialBackoffInitial = b.dialBackoffInitial;
        this.dialBackoffMax = b.dialBackoffMax;
        this.keepaliveInterval = b.keepaliveInterval;
    }

    /**
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding this configuration, to derive a variant
     */
    public Builder toBuilder() {
        return new Builder()
                .maxSize(maxSize)
                .maxTotal(maxTotal)
                .maxAge(maxAge)
                .maxIdle(maxIdle)
                .unbounded(unbounded)
                .healthCheck(healthCheck)
                .readyCheck(readyCheck)
                .acquireTimeout(acquireTimeout)
                .leakDetectionThreshold(leakDetectionThreshold)
                .dialTimeout(dialTimeout)
                .healthCheckTimeout(healthCheckTimeout)
                .maxConcurrentDials(maxConcurrentDials)
                .maxAgeJitter(maxAgeJitter)
                .dialBackoff(dialBackoffInitial, dialBackoffMax)
                .keepaliveInterval(keepaliveInterval);
    }

    /**
     * @return the effective per-address limit; {@code 0} means no limit (only with {@link #unbounded()})
     */
    public int maxSize() {
        return maxSize;
    }

    /**
     * @return the limit across all addresses; {@code 0} means none
     */
    public int maxTotal() {
        return maxTotal;
    }

    /**
     * @return the longest a connection lives, counted from when it entered the pool; zero = no limit
     */
    public Duration maxAge() {
        return maxAge;
    }

    /**
     * @return the longest a connection stays idle, counted from its last return; zero = no limit
     */
    public Duration maxIdle() {
        return maxIdle;
    }

    /**
     * @return whether a {@code maxSize} of 0 (or less) means no per-address limit
     */
    public boolean unbounded() {
        return unbounded;
    }

    /**
     * @return the probe run before an idle connection is handed out, or {@code null}
     */
    public HealthCheck healthCheck() {
        return healthCheck;
    }

    /**
     * @return the check run before a connection is pooled, or {@code null}
     */
    public ReadyCheck readyCheck() {
        return readyCheck;
    }

    /**
     * @return how long {@code getOrDial} waits for capacity when the address is full; zero = fail at once
     */
    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    /**
     * @return how long a checkout may last before it is logged as a probable leak; zero = off
     */
    public Duration leakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    /**
     * @return the whole-call timeout of {@link Pool#getOrDial(String, Dialer)} (waiting for a turn
     *     plus the dial); always positive
     */
    public Duration dialTimeout() {
        return dialTimeout;
    }

    /**
     * @return the most one health check may take before the connection counts as unhealthy and is
     *     closed; always positive
     */
    public Duration healthCheckTimeout() {
        return healthCheckTimeout;
    }

    /**
     * @return how many dials to one address may be in flight at once; each is made for a caller
     *     waiting for a connection, so no handshake is made that no caller asked for
     */
    public int maxConcurrentDials() {
        return maxConcurrentDials;
    }

    /**
     * @return the most by which a connection's life is shortened, as a fraction of {@code maxAge}
     *     from 0 (off) to 0.5; each connection draws its own shortening once, when it enters the pool
     */
    public double maxAgeJitter() {
        return maxAgeJitter;
    }

    /**
     * @return how long {@code getOrDial} refuses to dial an address after a failed dial to it;
     *     zero = dial backoff off
     */
    public Duration dialBackoffInitial() {
        return dialBackoffInitial;
    }

    /**
     * @return the longest the dial backoff grows to, doubling with each further failure (before
     *     its jitter of up to 20% either way); meaningless while {@link #dialBackoffInitial()} is zero
     */
    public Duration dialBackoffMax() {
        return dialBackoffMax;
    }

    /**
     * @return how long a connection stays idle before the evictor probes it with the
     *     {@link #healthCheck()}; zero = off
     */
    public Duration keepaliveInterval() {
        return keepaliveInterval;
    }

    @Override
    public String toString() {
        return "PoolConfig[maxSize=" + maxSize + ", maxTotal=" + maxTotal + ", maxAge=" + maxAge
                + ", maxIdle=" + maxIdle + ", unbounded=" + unbounded + ", acquireTimeout=" + acquireTimeout
                + ", leakDetectionThreshold=" + leakDetectionThreshold + ", dialTimeout=" + dialTimeout
                + ", healthCheckTimeout=" + healthCheckTimeout + ", maxConcurrentDials=" + maxConcurrentDials
                + ", maxAgeJitter=" + maxAgeJitter + ", dialBackoffInitial=" + dialBackoffInitial
                + ", dialBackoffMax=" + dialBackoffMax
                + ", keepaliveInterval=" + keepaliveInterval
                + ", healthCheck=" + (healthCheck != null)
                + ", readyCheck=" + (readyCheck != null) + "]";
    }

    /** Builds a {@link PoolConfig}; not thread-safe. Each setter validates its argument at {@link #build()}. */
    public static final class Builder {

        private int maxSize = ConnPool.DEFAULT_MAX_SIZE;
        private int maxTotal;
        private Duration maxAge = ConnPool.DEFAULT_MAX_AGE;
        private Duration maxIdle = ConnPool.DEFAULT_MAX_IDLE;
        private boolean unbounded;
        private HealthCheck healthCheck;
        private ReadyCheck readyCheck;
        private Duration acquireTimeout = Duration.ZERO;
        private Duration leakDetectionThreshold = Duration.ZERO;
        private Duration dialTimeout = ConnPool.DEFAULT_DIAL_TIMEOUT;
        private Duration healthCheckTimeout = ConnPool.DEFAULT_HEALTH_CHECK_TIMEOUT;
        private int maxConcurrentDials = 1;
        private double maxAgeJitter;
        private Duration dialBackoffInitial = Duration.ZERO;
        private Duration dialBackoffMax = ConnPool.DEFAULT_DIAL_BACKOFF_MAX;
        private Duration keepaliveInterval = Duration.ZERO;

        /** The largest {@link #maxAgeJitter(double)}: half of maxAge. */
        static final double MAX_AGE_JITTER = 0.5;

        private Builder() {}

        /**
         * @param maxSize connections per address; 0 or negative means the default (10) unless
         *     {@link #unbounded(boolean)}, when it means no limit
         * @return this builder
         */
        public Builder maxSize(int maxSize) {
            this.maxSize = maxSize;
            return this;
        }

        /**
         * @param maxTotal connections across all addresses, 0 for no limit; not negative
         * @return this builder
         */
        public Builder maxTotal(int maxTotal) {
            this.maxTotal = maxTotal;
            return this;
        }

        /**
         * @param maxAge a connection's longest life, zero for none; not negative
         * @return this builder
         */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        /**
         * @param maxIdle a connection's longest idle spell, zero for none; not negative
         * @return this builder
         */
        public Builder maxIdle(Duration maxIdle) {
            this.maxIdle = maxIdle;
            return this;
        }

        /**
         * @param unbounded whether a {@code maxSize} of 0 means no per-address limit (a file
         *     descriptor exhaustion risk, hence opt-in)
         * @return this builder
         */
        public Builder unbounded(boolean unbounded) {
            this.unbounded = unbounded;
            return this;
        }

        /**
         * @param healthCheck probe before hand-out, or {@code null} for none
         * @return this builder
         */
        public Builder healthCheck(HealthCheck healthCheck) {
            this.healthCheck = healthCheck;
            return this;
        }

        /**
         * @param readyCheck check before pooling, or {@code null} for none
         * @return this builder
         */
        public Builder readyCheck(ReadyCheck readyCheck) {
            this.readyCheck = readyCheck;
            return this;
        }

        /**
         * @param acquireTimeout how long {@code getOrDial} waits when full, zero to fail at once; not negative
         * @return this builder
         */
        public Builder acquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = acquireTimeout;
            return this;
        }

        /**
         * @param leakDetectionThreshold checkout length that is logged as a leak, zero for off; not negative
         * @return this builder
         */
        public Builder leakDetectionThreshold(Duration leakDetectionThreshold) {
            this.leakDetectionThreshold = leakDetectionThreshold;
            return this;
        }

        /**
         * @param dialTimeout the whole-call timeout of {@link Pool#getOrDial(String, Dialer)}; positive
         * @return this builder
         */
        public Builder dialTimeout(Duration dialTimeout) {
            this.dialTimeout = dialTimeout;
            return this;
        }

        /**
         * @param healthCheckTimeout the most one health check may take; a check still running then
         *     counts as failed and its connection is closed once the check returns; positive
         * @return this builder
         */
        public Builder healthCheckTimeout(Duration healthCheckTimeout) {
            this.healthCheckTimeout = healthCheckTimeout;
            return this;
        }

        /**
         * @param maxConcurrentDials dials to one address that may be in flight at once, at least 1
         *     (the default: a peer never sees more than one handshake at a time from this pool).
         *     With more, callers that find no idle connection and free capacity dial in parallel,
         *     each for itself, instead of waiting for one another's handshakes
         * @return this builder
         */
        public Builder maxConcurrentDials(int maxConcurrentDials) {
            this.maxConcurrentDials = maxConcurrentDials;
            return this;
        }

        /**
         * Spreads the expiry of connections that were dialed together (at start-up, after a peer
         * restart), so that they are not all closed and dialed again at the same moment. Each
         * connection's age limit is shortened by a random fraction of {@code maxAge}, drawn once
         * when it enters the pool, from 0 up to this value; no connection lives longer than
         * {@code maxAge}. HikariCP shortens {@code maxLifetime} by up to 2.5% for the same reason.
         * With jitter on, a connection's {@link ConnSnapshot#createdAt()} is moved earlier by its
         * shortening, so that its reported age reaches {@code maxAge} when it expires.
         *
         * @param maxAgeJitter from 0 (off, the default) to 0.5; ignored while {@code maxAge} is zero
         * @return this builder
         */
        public Builder maxAgeJitter(double maxAgeJitter) {
            this.maxAgeJitter = maxAgeJitter;
            return this;
        }

        /**
         * Stops a busy service from hammering a peer that is down. After a failed dial to an
         * address (the dialer threw or returned nothing usable, or the ready check failed),
         * {@code getOrDial} on that address fails at once with {@link PoolErrorCode#DIAL_BACKOFF}
         * until the backoff has passed, unless an idle connection to it is there to hand out;
         * callers already waiting for a dial to it fail the same way. The first backoff lasts
         * {@code initial}; each further failure doubles it, up to {@code max}, and each wait is
         * jittered by up to 20% either way (gRPC's connection backoff); a successful dial ends it.
         * An address backing off is kept until its backoff has passed and as long again without
         * another failure; after that it is dropped like any address that holds nothing, and its
         * next failure starts again from {@code initial}.
         *
         * @param initial the first backoff after a failure; zero (the default) turns backoff off;
         *     not negative
         * @param max the longest backoff; at least {@code initial} when backoff is on
         * @return this builder
         */
        public Builder dialBackoff(Duration initial, Duration max) {
            this.dialBackoffInitial = initial;
            this.dialBackoffMax = max;
            return this;
        }

        /**
         * Weeds out dead idle connections before a caller meets them (NAT boxes and peers drop
         * connections that stay silent), and keeps them alive if the health check sends traffic
         * (one that only looks, say for end of stream, finds the ones closed). The evictor probes
         * every connection idle for at least this long with the {@link #healthCheck(HealthCheck)
         * health check}, on the pool's probe threads, each probe bounded by
         * {@link #healthCheckTimeout(Duration)}; one that fails, throws or overruns is closed
         * (reason {@link EvictionReason#UNHEALTHY}), one that passes stays idle and is probed again
         * an interval later. A probe never hands the connection out
         * and never resets its {@code maxIdle} clock; a checkout skips a connection under probe,
         * which meanwhile counts in {@link PoolStats#inUse()} like any health probe. Like
         * HikariCP's {@code keepaliveTime}: set it below the shortest idle timeout on the path (a
         * NAT's, the peer's), and well below {@code maxIdle}, or connections expire before their
         * first probe.
         *
         * @param keepaliveInterval idle time after which a connection is probed, zero for off (the
         *     default); not negative, and positive only together with a health check
         * @return this builder
         */
        public Builder keepaliveInterval(Duration keepaliveInterval) {
            this.keepaliveInterval = keepaliveInterval;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException naming the setting, for a negative {@code maxTotal}, a
         *     {@code null} or negative duration, a zero {@code dialTimeout} or {@code healthCheckTimeout},
         *     a {@code maxAgeJitter} outside 0 to 0.5, a dial backoff whose max is below its initial,
         *     or a {@code keepaliveInterval} without a health check
         */
        public PoolConfig build() {
            if (maxTotal < 0) {
                throw new IllegalArgumentException(
                        "maxTotal must be 0 (no limit) or positive, but was " + maxTotal);
            }
            requireNonNegative("maxAge", maxAge, "no limit");
            requireNonNegative("maxIdle", maxIdle, "no limit");
            requireNonNegative("acquireTimeout", acquireTimeout, "fail at once when full");
            requireNonNegative("leakDetectionThreshold", leakDetectionThreshold, "off");
            if (maxConcurrentDials < 1) {
                throw new IllegalArgumentException("maxConcurrentDials must be at least 1 (one dial per address at a time),"
                        + " but was " + maxConcurrentDials);
            }
            requirePositive("dialTimeout", dialTimeout);
            requirePositive("healthCheckTimeout", healthCheckTimeout);
            if (!(maxAgeJitter >= 0 && maxAgeJitter <= MAX_AGE_JITTER)) { // NaN too
                throw new IllegalArgumentException("maxAgeJitter must be from 0 (off) to " + MAX_AGE_JITTER
                        + " (a fraction of maxAge), but was " + maxAgeJitter);
            }
            requireNonNegative("dialBackoff initial", dialBackoffInitial, "no dial backoff");
            requireNonNegative("dialBackoff max", dialBackoffMax, "no dial backoff");
            if (!dialBackoffInitial.isZero() && dialBackoffMax.compareTo(dialBackoffInitial) < 0) {
                throw new IllegalArgumentException("dialBackoff max must be at least its initial backoff ("
                        + dialBackoffInitial + "), but was " + dialBackoffMax);
            }
            requireNonNegative("keepaliveInterval", keepaliveInterval, "off");
            if (!keepaliveInterval.isZero() && healthCheck == null) {
                throw new IllegalArgumentException("keepaliveInterval (" + keepaliveInterval + ") needs a healthCheck to "
                        + "probe idle connections with, but none is set; set healthCheck, or keepaliveInterval to Duration.ZERO");
            }
            return new PoolConfig(this);
        }

        private static void requirePositive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, but was " + value);
            }
        }

        private static void requireNonNegative(String name, Duration value, String zeroMeans) {
            if (value == null) {
                throw new IllegalArgumentException(
                        name + " must not be null; use Duration.ZERO for " + zeroMeans);
            }
            if (value.isNegative()) {
                throw new IllegalArgumentException(
                        name + " must be zero (" + zeroMeans + ") or positive, but was " + value);
            }
        }
    }
}
