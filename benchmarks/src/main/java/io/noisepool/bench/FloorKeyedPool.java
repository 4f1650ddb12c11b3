package io.noisepool.bench;

import io.noisepool.Conn;
import io.noisepool.Dialer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The floor: a {@link ConcurrentHashMap} of {@link ConcurrentLinkedDeque}s, {@code poll} to check
 * out and {@code offer} to return, with no limits, states, timestamps or counters. No real pool
 * can do less per operation; it shows what the bookkeeping of the others costs.
 */
final class FloorKeyedPool implements KeyedPool {

    private final ConcurrentHashMap<String, ConcurrentLinkedDeque<Conn>> idle = new ConcurrentHashMap<>();
    private final Dialer dialer;

    FloorKeyedPool(Dialer dialer) {
        this.dialer = dialer;
    }

    @Override
    public Object borrow(String key) {
        ConcurrentLinkedDeque<Conn> deque = idle.get(key);
        if (deque == null) {
            deque = idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        }
        Conn conn = deque.poll();
        if (conn != null) {
            return conn;
        }
        return KeyedPool.dial(dialer, key);
    }

    @Override
    public void giveBack(String key, Object lease) {
        idle.get(key).offer((Conn) lease);
    }

    @Override
    public void discard(String key, Object lease) {
        KeyedPool.closeConn((Conn) lease);
    }

    @Override
    public long stats() {
        // The floor keeps no counters: counting means walking every deque.
        long count = 0;
        for (ConcurrentLinkedDeque<Conn> deque : idle.values()) {
            count += deque.size();
        }
        return count;
    }

    @Override
    public int evictIdle() {
        int evicted = 0;
        for (ConcurrentLinkedDeque<Conn> deque : idle.values()) {
            for (Conn conn = deque.poll(); conn != null; conn = deque.poll()) {
                KeyedPool.closeConn(conn);
                evicted++;
            }
        }
        return evicted;
    }

    @Override
    public void close() {
        evictIdle();
        idle.clear();
    }
}
