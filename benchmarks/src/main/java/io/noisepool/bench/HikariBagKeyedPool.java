package io.noisepool.bench;

import static com.zaxxer.hikari.util.ConcurrentBag.IConcurrentBagEntry.STATE_IN_USE;
import static com.zaxxer.hikari.util.ConcurrentBag.IConcurrentBagEntry.STATE_NOT_IN_USE;

import com.zaxxer.hikari.util.ConcurrentBag;
import io.noisepool.Dialer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * HikariCP's {@link ConcurrentBag}, the fastest pool core in Java, made keyed the simplest way:
 * one bag per key in a {@link ConcurrentHashMap}. A bag does not dial; on a miss this adapter dials
 * on the caller's thread and adds the new entry already checked out, as HikariCP's pool adds
 * connections its filler thread made.
 */
final class HikariBagKeyedPool implements KeyedPool {

    // HikariPool would start a filler thread here; the benchmarks dial on a miss instead.
    private static final ConcurrentBag.IBagStateListener NO_FILLER = waiting -> {};

    private final ConcurrentHashMap<String, ConcurrentBag<BagEntry>> bags = new ConcurrentHashMap<>();
    private final Dialer dialer;

    HikariBagKeyedPool(Dialer dialer) {
        this.dialer = dialer;
    }

    @Override
    public Object borrow(String key) {
        ConcurrentBag<BagEntry> bag = bags.get(key);
        if (bag == null) {
            bag = bags.computeIfAbsent(key, k -> new ConcurrentBag<>(NO_FILLER));
        }
        BagEntry entry;
        try {
            entry = bag.borrow(0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted borrowing " + key, e);
        }
        if (entry == null) {
            entry = new BagEntry(KeyedPool.dial(dialer, key), STATE_IN_USE);
            bag.add(entry);
        }
        return entry;
    }

    @Override
    public void giveBack(String key, Object lease) {
        bags.get(key).requite((BagEntry) lease);
    }

    @Override
    public void discard(String key, Object lease) {
        BagEntry entry = (BagEntry) lease;
        bags.get(key).remove(entry);
        KeyedPool.closeConn(entry.conn);
    }

    @Override
    public long stats() {
        // HikariPool's gauges count states by walking the bag; keyed, that is every bag.
        long count = 0;
        for (ConcurrentBag<BagEntry> bag : bags.values()) {
            count += bag.getCount(STATE_IN_USE) + bag.getCount(STATE_NOT_IN_USE) + bag.getWaitingThreadCount();
        }
        return count;
    }

    @Override
    public int evictIdle() {
        // HikariPool's housekeeper: reserve each idle entry, then remove and close it.
        int evicted = 0;
        for (ConcurrentBag<BagEntry> bag : bags.values()) {
            for (BagEntry entry : bag.values(STATE_NOT_IN_USE)) {
                if (bag.reserve(entry)) {
                    bag.remove(entry);
                    KeyedPool.closeConn(entry.conn);
                    evicted++;
                }
            }
        }
        return evicted;
    }

    @Override
    public void close() {
        for (ConcurrentBag<BagEntry> bag : bags.values()) {
            bag.close();
            for (BagEntry entry : bag.values()) {
                KeyedPool.closeConn(entry.conn);
            }
        }
        bags.clear();
    }
}
