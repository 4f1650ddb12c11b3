package io.noisepool.bench;

import io.noisepool.Conn;
import io.noisepool.Dialer;
import java.time.Duration;
import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;

/**
 * Apache Commons Pool2's {@link GenericKeyedObjectPool}, configured like ours: 10 per key (idle
 * and total), fail at once when a key is full, no JMX, no test on borrow, return or idle, no
 * background evictor.
 */
final class CommonsKeyedPool implements KeyedPool {

    private final GenericKeyedObjectPool<String, Conn> pool;

    CommonsKeyedPool(Dialer dialer) {
        GenericKeyedObjectPoolConfig<Conn> config = new GenericKeyedObjectPoolConfig<>();
        config.setMaxTotalPerKey(10);
        // The default keeps only 8 idle per key and would close the 9th and 10th on return.
        config.setMaxIdlePerKey(10);
        // Ours fails fast when full by default. Blocking would also make every return walk all keys
        // looking for waiters (POOL-402), which with 10,000 keys costs milliseconds per return.
        config.setBlockWhenExhausted(false);
        config.setJmxEnabled(false);
        config.setTestOnBorrow(false);
        config.setTestOnReturn(false);
        config.setTestWhileIdle(false);
        // For evictIdle(): one evictor pass visits every idle object, and every one older than
        // a millisecond counts as expired.
        config.setNumTestsPerEvictionRun(-1);
        config.setMinEvictableIdleDuration(Duration.ofMillis(1));
        pool = new GenericKeyedObjectPool<>(new Factory(dialer), config);
    }

    @Override
    public Object borrow(String key) {
        try {
            return pool.borrowObject(key);
        } catch (Exception e) {
            throw new IllegalStateException("borrowObject failed for " + key, e);
        }
    }

    @Override
    public void giveBack(String key, Object lease) {
        pool.returnObject(key, (Conn) lease);
    }

    @Override
    public void discard(String key, Object lease) {
        try {
            pool.invalidateObject(key, (Conn) lease);
        } catch (Exception e) {
            throw new IllegalStateException("invalidateObject failed for " + key, e);
        }
    }

    @Override
    public long stats() {
        // What a metrics gauge would read: Commons walks every key for the idle and waiter counts.
        return pool.getNumIdle() + pool.getNumActive() + pool.getNumWaiters();
    }

    @Override
    public int evictIdle() {
        int before = pool.getNumIdle();
        try {
            pool.evict();
        } catch (Exception e) {
            throw new IllegalStateException("evict failed", e);
        }
        return before - pool.getNumIdle();
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Dials through the benchmark's dialer and closes destroyed objects. */
    private static final class Factory extends BaseKeyedPooledObjectFactory<String, Conn> {

        private final Dialer dialer;

        Factory(Dialer dialer) {
            this.dialer = dialer;
        }

        @Override
        public Conn create(String key) throws Exception {
            return dialer.dial(KeyedPool.DIAL_TIMEOUT);
        }

        @Override
        public PooledObject<Conn> wrap(Conn conn) {
            return new DefaultPooledObject<>(conn);
        }

        @Override
        public void destroyObject(String key, PooledObject<Conn> p) throws Exception {
            p.getObject().close();
        }
    }
}
