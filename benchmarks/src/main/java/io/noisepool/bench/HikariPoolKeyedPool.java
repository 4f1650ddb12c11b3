package io.noisepool.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.noisepool.Dialer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HikariCP's whole pool, the one a Java developer knows as "the fast pool": a
 * {@link HikariDataSource} over a {@link StubDataSource} whose connections do nothing, checked out
 * with {@code getConnection()} and given back with {@code close()}, as an application does. Unlike
 * the bag alone, this runs HikariCP's own borrow path: its proxy connection, its clock reads
 * (idle-alive check, last-access stamp) and its state reset on close.
 *
 * <p>HikariCP is not keyed, so this is one pool per key, each with its housekeeper and filler
 * threads; the benchmarks use it on one key only (benchmark 1), where it is exactly HikariCP. It
 * opens connections itself, from its filler thread, so the benchmark's dialer is not used. Sized
 * as ours: 10 connections.
 */
final class HikariPoolKeyedPool implements KeyedPool {

    private static final int MAX_SIZE = 10;

    private final ConcurrentHashMap<String, HikariDataSource> pools = new ConcurrentHashMap<>();

    HikariPoolKeyedPool(Dialer unused) {}

    private HikariDataSource pool(String key) {
        HikariDataSource pool = pools.get(key);
        return pool != null ? pool : pools.computeIfAbsent(key, HikariPoolKeyedPool::open);
    }

    private static HikariDataSource open(String key) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(new StubDataSource());
        config.setPoolName("bench-" + key);
        config.setMaximumPoolSize(MAX_SIZE);
        config.setMinimumIdle(MAX_SIZE);
        config.setRegisterMbeans(false);
        return new HikariDataSource(config);
    }

    @Override
    public Object borrow(String key) {
        try {
            return pool(key).getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("getConnection failed for " + key, e);
        }
    }

    @Override
    public void giveBack(String key, Object lease) {
        try {
            ((Connection) lease).close();
        } catch (SQLException e) {
            throw new IllegalStateException("close failed for " + key, e);
        }
    }

    @Override
    public void discard(String key, Object lease) {
        pool(key).evictConnection((Connection) lease);
    }

    @Override
    public long stats() {
        long count = 0;
        for (HikariDataSource pool : pools.values()) {
            HikariPoolMXBean bean = pool.getHikariPoolMXBean();
            count += bean.getActiveConnections() + bean.getIdleConnections() + bean.getThreadsAwaitingConnection();
        }
        return count;
    }

    @Override
    public int evictIdle() {
        int idle = 0;
        for (HikariDataSource pool : pools.values()) {
            HikariPoolMXBean bean = pool.getHikariPoolMXBean();
            idle += bean.getIdleConnections();
            bean.softEvictConnections();
        }
        return idle;
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
