package io.noisepool.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.noisepool.Conn;
import io.noisepool.ConnSnapshot;
import io.noisepool.Dialer;
import io.noisepool.Pool;
import io.noisepool.PoolConfig;
import io.noisepool.PoolException;
import io.noisepool.PoolStats;
import io.noisepool.PooledConnection;
import io.noisepool.autoconfigure.DelegatingPool;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link Pool} that observes each checkout as a Micrometer {@link Observation}
 * ({@value #ACQUIRE}) and each dial inside it as another ({@value #DIAL}), both started and
 * stopped on the caller's thread around the call: with Micrometer Tracing, a handshake shows as a
 * span of the request that caused it. A {@code warmUp} is no checkout: each of its dials is a
 * {@value #DIAL} observation of its own. Every other call is passed on unobserved.
 *
 * <p>Low-cardinality keys: {@code pool} (the pool's bean name) and {@code outcome} ({@code hit},
 * {@code dialed}, {@code miss}, {@code timeout}, {@code full}, {@code backoff} or {@code failed} for an acquire;
 * {@code success} or {@code failure} for a dial, the dialer alone, its ready check not included).
 * Peer addresses are left out: they identify the application's peers, and tracing backends show
 * what they are sent to anyone who can read them. Thread-safe.
 */
public final class ObservedPool implements DelegatingPool {

    /** The name of a checkout's observation. */
    public static final String ACQUIRE = "noise.pool.acquire";

    /** The name of a dial's observation. */
    public static final String DIAL = "noise.pool.dial";

    private final Pool delegate;
    private final String name;
    private final ObservationRegistry registry;

    /**
     * @param delegate the pool every call is passed on to, not {@code null}
     * @param name the pool's bean name, its {@code pool} key
     * @param registry where observations go, not {@code null}
     */
    public ObservedPool(Pool delegate, String name, ObservationRegistry registry) {
        this.delegate = delegate;
        this.name = name;
        this.registry = registry;
    }

    @Override
    public Pool delegate() {
        return this.delegate;
    }

    @Override
    public PooledConnection get(String address) {
        return acquire(() -> this.delegate.get(address));
    }

    @Override
    public PooledConnection get(String address, Duration timeout) {
        return acquire(() -> this.delegate.get(address, timeout));
    }

    @Override
    public PooledConnection getOrDial(String address, Dialer dialer) {
        return acquire(() -> this.delegate.getOrDial(address, observed(dialer)));
    }

    @Override
    public PooledConnection getOrDial(String address, Duration timeout, Dialer dialer) {
        return acquire(() -> this.delegate.getOrDial(address, timeout, observed(dialer)));
    }

    private PooledConnection acquire(Call<PooledConnection, RuntimeException> checkout) {
        return observe(ACQUIRE, checkout, conn -> (conn == null) ? "miss" : conn.fresh() ? "dialed" : "hit",
                ObservedPool::acquireFailure);
    }

    private static String acquireFailure(Throwable failure) {
        if (failure instanceof PoolException ex) {
            return switch (ex.code()) {
                case ACQUIRE_TIMEOUT -> "timeout";
                case POOL_FULL -> "full";
                case DIAL_BACKOFF -> "backoff";
                default -> "failed";
            };
        }
        return "failed";
    }

    // Called inside the acquire's scope, on the caller's thread, so the dial is its child.
    private Dialer observed(Dialer dialer) {
        return timeout -> observe(DIAL, () -> dialer.dial(timeout), conn -> (conn != null) ? "success" : "failure",
                failure -> "failure");
    }

    private <T, E extends Exception> T observe(String observationName, Call<T, E> call, Function<T, String> outcome,
            Function<Throwable, String> failureOutcome) throws E {
        Observation observation = Observation.createNotStarted(observationName, this.registry)
                .contextualName(observationName.replace('.', ' '))
                .lowCardinalityKeyValue("pool", this.name)
                .start();
        try (Observation.Scope scope = observation.openScope()) {
            T result = call.call();
            observation.lowCardinalityKeyValue("outcome", outcome.apply(result));
            return result;
        } catch (Throwable ex) {
            observation.lowCardinalityKeyValue("outcome", failureOutcome.apply(ex));
            observation.error(ex);
            throw ex;
        } finally {
            observation.stop();
        }
    }

    /** A call that may throw {@code E}, observed by {@link #observe}. */
    @FunctionalInterface
    private interface Call<T, E extends Exception> {
        T call() throws E;
    }

    /** Passes the warm-up on; each of its dials is observed ({@value #DIAL}), with no checkout around it. */
    @Override
    public int warmUp(String address, int connections, Dialer dialer) {
        return this.delegate.warmUp(address, connections, observed(dialer));
    }

    @Override
    public void put(Conn conn) {
        this.delegate.put(conn);
    }

    @Override
    public void put(String address, Conn conn) {
        this.delegate.put(address, conn);
    }

    @Override
    public void release(String address, Conn conn) {
        this.delegate.release(address, conn);
    }

    @Override
    public void remove(String address, Conn conn) {
        this.delegate.remove(address, conn);
    }

    @Override
    public boolean drain(Duration timeout) throws InterruptedException {
        return this.delegate.drain(timeout);
    }

    @Override
    public int evictIdle(String address) {
        return this.delegate.evictIdle(address);
    }

    @Override
    public List<ConnSnapshot> snapshot() {
        return this.delegate.snapshot();
    }

    @Override
    public PoolStats stats() {
        return this.delegate.stats();
    }

    @Override
    public PoolConfig config() {
        return this.delegate.config();
    }

    @Override
    public boolean isClosed() {
        return this.delegate.isClosed();
    }

    @Override
    public void close() {
        this.delegate.close();
    }

    @Override
    public String toString() {
        return "ObservedPool[" + this.delegate + "]";
    }
}
