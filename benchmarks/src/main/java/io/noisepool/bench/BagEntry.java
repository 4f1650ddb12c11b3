package io.noisepool.bench;

import com.zaxxer.hikari.util.ConcurrentBag.IConcurrentBagEntry;
import io.noisepool.Conn;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A connection in a HikariCP {@link com.zaxxer.hikari.util.ConcurrentBag}, with its state in one
 * int changed by compare-and-set, as HikariCP's own {@code PoolEntry} does.
 */
final class BagEntry implements IConcurrentBagEntry {

    private static final AtomicIntegerFieldUpdater<BagEntry> STATE =
            AtomicIntegerFieldUpdater.newUpdater(BagEntry.class, "state");

    final Conn conn;
    // Guarded by CAS through STATE; the bag owns every transition.
    private volatile int state;

    BagEntry(Conn conn, int initialState) {
        this.conn = conn;
        this.state = initialState;
    }

    @Override
    public boolean compareAndSet(int expect, int update) {
        return STATE.compareAndSet(this, expect, update);
    }

    @Override
    public void setState(int update) {
        STATE.set(this, update);
    }

    @Override
    public int getState() {
        return state;
    }
}
