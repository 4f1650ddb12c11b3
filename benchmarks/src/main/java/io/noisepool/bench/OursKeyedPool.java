package io.noisepool.bench;

import io.noisepool.ConnPool;
import io.noisepool.Dialer;
import io.noisepool.PoolConfig;
import io.noisepool.PoolStats;
import io.noisepool.PooledConnection;

/** Our {@link ConnPool} with its defaults (10 per address, no health or ready check). */
final class OursKeyedPool implements KeyedPool {

    private final ConnPool pool = new ConnPool(PoolConfig.builder().build());
    private final Dialer dialer;

    OursKeyedPool(Dialer dialer) {
        this.dialer = dialer;
    }

    @Override
    public Object borrow(String key) {
        return pool.getOrDial(key, dialer);
    }

    @Override
    public void giveBack(String key, Object lease) {
        ((PooledConnection) lease).close();
    }

    @Override
    public void discard(String key, Object lease) {
        ((PooledConnection) lease).discard();
    }

    @Override
    public long stats() {
        PoolStats stats = pool.stats();
        return stats.total() + stats.inUse() + stats.addresses() + stats.pending();
    }

    @Override
    public int evictIdle() {
        return pool.evictIdle(null);
    }

    @Override
    public void close() {
        pool.close();
    }
}
