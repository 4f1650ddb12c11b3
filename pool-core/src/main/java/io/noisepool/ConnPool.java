package io.noisepool;

import java.time.Duration;
import java.util.List;

/** Stub: replaced by the real engine in the next commit. */
public final class ConnPool implements Pool {
    public static final int DEFAULT_MAX_SIZE = 10;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(30);
    public static final Duration DEFAULT_MAX_IDLE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(30);
    private final PoolConfig config;
    public ConnPool() { this(PoolConfig.builder().build()); }
    public ConnPool(PoolConfig config) { this.config = config; }
    public void addListener(PoolListener l) {}
    public void removeListener(PoolListener l) {}
    public PooledConnection get(String a) { throw new UnsupportedOperationException(); }
    public PooledConnection get(String a, Duration t) { throw new UnsupportedOperationException(); }
    public PooledConnection getOrDial(String a, Dialer d) { throw new UnsupportedOperationException(); }
    public PooledConnection getOrDial(String a, Duration t, Dialer d) { throw new UnsupportedOperationException(); }
    public void put(Conn c) { throw new UnsupportedOperationException(); }
    public void put(String a, Conn c) { throw new UnsupportedOperationException(); }
    public void release(String a, Conn c) { throw new UnsupportedOperationException(); }
    public void remove(String a, Conn c) { throw new UnsupportedOperationException(); }
    public boolean drain(Duration t) { throw new UnsupportedOperationException(); }
    public int evictIdle(String a) { throw new UnsupportedOperationException(); }
    public List<ConnSnapshot> snapshot() { throw new UnsupportedOperationException(); }
    public PoolStats stats() { throw new UnsupportedOperationException(); }
    public PoolConfig config() { return config; }
    public boolean isClosed() { return false; }
    public void close() {}
}
