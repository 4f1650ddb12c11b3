package io.noisepool;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every raw connection the pool holds, by identity, so that {@code put} can refuse one it already
 * holds and {@code remove}/{@code release} can find the entry of a raw connection. Touched once
 * per connection lifetime (enter, leave), never on checkout or return.
 *
 * <p>A connection is reserved before its ready check and bound to its entry when it joins its
 * host. A {@code remove} that finds it only reserved cancels it: the bind then fails and whoever
 * was pooling it closes it, so a remove always wins and every connection is closed once.
 *
 * <p>Its lock is innermost: it may be taken under a host's lock, and nothing else is ever taken
 * under it.
 */
final class ConnRegistry {

    private final ReentrantLock lock = new ReentrantLock();
    /** A connection reserved, not yet bound to its entry. */
    private static final Object PENDING = new Object();
    /** A reserved connection that a remove cancelled before it was bound. */
    private static final Object CANCELLED = new Object();

    /** Below this many connections a rebuild of the map saves nothing worth its allocation. */
    private static final int SMALL = 64;

    /** Connection to its entry, or to {@link #PENDING} or {@link #CANCELLED}. Guarded by lock. */
    private IdentityHashMap<Conn, Object> byConn = new IdentityHashMap<>();
    /** Largest size since the map was last rebuilt; guarded by lock. IdentityHashMap never shrinks its table. */
    private int highWater;

    /** @return false if the connection is already held (or being put) */
    boolean reserve(Conn conn) {
        lock.lock();
        try {
            if (byConn.containsKey(conn)) {
                return false;
            }
            byConn.put(conn, PENDING);
            highWater = Math.max(highWater, byConn.size());
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** @return false if a remove cancelled the reserved connection: it must not be pooled */
    boolean bind(Conn conn, Entry entry) {
        lock.lock();
        try {
            if (byConn.get(conn) == CANCELLED) {
                return false;
            }
            byConn.put(conn, entry);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** @return whether the connection was reserved and not yet bound; it is then cancelled */
    boolean cancelPending(Conn conn) {
        lock.lock();
        try {
            if (byConn.get(conn) != PENDING) {
                return false;
            }
            byConn.put(conn, CANCELLED);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a connection that was reserved and never bound to an entry. */
    void forgetReserved(Conn conn) {
        lock.lock();
        try {
            byConn.remove(conn);
            shrinkIfSparse();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets the connections of entries that left the pool (moved to REMOVED), in one lock hold.
     * A connection is forgotten only while it still names that entry, so a late call can never drop
     * a newer entry of the same connection (put again after it left). When the batch is at least
     * half of a map of more than {@value #SMALL} connections, the map is rebuilt without any
     * removed entry instead: one pass over the table rather than a removal (and its re-hash of the
     * probe chain) per connection. That may forget another remover's entry a little early, which
     * is harmless: a removed entry's connection is being closed, a raw {@code remove}/{@code
     * release} of it answers "not pooled" either way, and a {@code put} of it pools a closed
     * connection that the next checkout's open check discards.
     */
    void forget(Collection<Entry> gone) {
        lock.lock();
        try {
            if (byConn.size() > SMALL && gone.size() * 2L >= byConn.size()) {
                dropRemovedEntries();
            } else {
                for (Entry entry : gone) {
                    if (byConn.get(entry.conn) == entry) {
                        byConn.remove(entry.conn);
                    }
                }
                shrinkIfSparse();
            }
        } finally {
            lock.unlock();
        }
    }

    private void dropRemovedEntries() {
        assert lock.isHeldByCurrentThread();
        IdentityHashMap<Conn, Object> kept = new IdentityHashMap<>();
        byConn.forEach((conn, value) -> {
            if (!(value instanceof Entry && ((Entry) value).isRemoved())) {
                kept.put(conn, value);
            }
        });
        byConn = kept;
        highWater = kept.size();
    }

    /** Rebuilds the map once it is far below its peak, so a burst of connections leaves no table behind. */
    private void shrinkIfSparse() {
        assert lock.isHeldByCurrentThread();
        if (highWater > SMALL && byConn.size() * 8 < highWater) {
            byConn = new IdentityHashMap<>(byConn);
            highWater = byConn.size();
        }
    }

    /** @return the connection's entry, or null if it is not pooled (or still being pooled) */
    Entry find(Conn conn) {
        lock.lock();
        try {
            Object value = byConn.get(conn);
            return value instanceof Entry ? (Entry) value : null;
        } finally {
            lock.unlock();
        }
    }
}
