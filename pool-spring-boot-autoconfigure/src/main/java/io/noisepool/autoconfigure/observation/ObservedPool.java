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
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A {@link Pool} that observes each checkout as a Micrometer {@link Observation}
 * ({@value #ACQUIRE}) and each dial inside it as another ({@value #DIAL}), both started and
 * stopped on the caller's thread around the call: with Micrometer Tracing, a handshake shows as a
 * span of the request that caused it. Every other call is passed on unobserved.
 *
 * <p>Low-cardinality keys: {@code pool} (the pool's bean name) and {@code outcome} ({@code hit},
 * {@code dialed}, {@code miss}, {@code timeout}, {@code full} or {@code failed} for an acquire;
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

    private PooledConnection acquire(Supplier<PooledConnection> checkout) {
        Observation observation = start(ACQUIRE);
        try (Observation.Scope scope = observation.openScope()) {
            PooledConnection conn = checkout.get();
            observation.lowCardinalityKeyValue("outcome", (conn == null) ? "miss" : conn.fresh() ? "dialed" : "hit");
            return conn;
        } catch (PoolException ex) {
            observation.lowCardinalityKeyValue("outcome", switch (ex.code()) {
                case ACQUIRE_TIMEOUT -> "timeout";
                case POOL_FULL -> "full";
                default -> "failed";
            });
            observation.error(ex);
            throw ex;
        } catch (RuntimeException | Error ex) {
            observation.lowCardinalityKeyValue("outcome", "failed");
            observation.error(ex);
            throw ex;
        } finally {
            observation.stop();
        }
    }

    // Runs inside the acquire's scope, on the caller's thread, so the dial is its child.
    private Dialer observed(Dialer dialer) {
        return timeout -> {
            Observation observation = start(DIAL);
            try (Observation.Scope scope = observation.openScope()) {
                Conn conn = dialer.dial(timeout);
                observation.lowCardinalityKeyValue("outcome", (conn != null) ? "success" : "failure");
                return conn;
            } catch (Exception | Error ex) {
                observation.lowCardinalityKeyValue("outcome", "failure");
                observation.error(ex);
                throw ex;
            } finally {
                observation.stop();
            }
        };
    }

    private Observation start(String observationName) {
        return Observation.createNotStarted(observationName, this.registry)
                .contextualName(observationName.replace('.', ' ').toLowerCase(Locale.ROOT))
                .lowCardinalityKeyValue("pool", this.name)
                .start();
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
