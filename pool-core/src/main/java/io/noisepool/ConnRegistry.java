package io.noisepool;

import java.util.IdentityHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every raw connection the pool holds, by identity, so that {@code put} can refuse one it already
 * holds and {@code remove}/{@code release} can find the entry of a raw connection. Touched once
 * per connection lifetime (enter, leave), never on checkout or return.
 *
 * <p>Its lock is innermost: it may be taken under a host's lock, and nothing else is ever taken
 * under it.
 */
final class ConnRegistry {

    private final ReentrantLock lock = new ReentrantLock();
    /** Connection to its entry; a null value marks a connection being put, not yet pooled. Guarded by lock. */
    private IdentityHashMap<Conn, Entry> byConn = new IdentityHashMap<>();
    /** Largest size since the map was last rebuilt; guarded by lock. IdentityHashMap never shrinks its table. */
    private int highWater;

    /** @return false if the connection is already held (or being put) */
    boolean reserve(Conn conn) {
        lock.lock();
        try {
            if (byConn.containsKey(conn)) {
                return false;
            }
            byConn.put(conn, null);
            highWater = Math.max(highWater, byConn.size());
            return true;
        } finally {
            lock.unlock();
        }
    }

    void bind(Conn conn, Entry entry) {
        lock.lock();
        try {
            byConn.put(conn, entry);
        } finally {
            lock.unlock();
        }
    }

    void forget(Conn conn) {
        lock.lock();
        try {
            byConn.remove(conn);
            shrinkIfSparse();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the connections of entries that left the pool, in one lock hold. */
    void forget(Iterable<Entry> gone) {
        lock.lock();
        try {
            for (Entry entry : gone) {
                byConn.remove(entry.conn);
            }
            shrinkIfSparse();
        } finally {
            lock.unlock();
        }
    }

    /** Rebuilds the map once it is far below its peak, so a burst of connections leaves no table behind. */
    private void shrinkIfSparse() {
        assert lock.isHeldByCurrentThread();
        if (highWater > 64 && byConn.size() * 8 < highWater) {
            byConn = new IdentityHashMap<>(byConn);
            highWater = byConn.size();
        }
    }

    /** @return the connection's entry, or null if it is not pooled (or still being put) */
    Entry find(Conn conn) {
        lock.lock();
        try {
            return byConn.get(conn);
        } finally {
            lock.unlock();
        }
    }
}
