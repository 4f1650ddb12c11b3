package io.noisepool;

import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's state for one address. Checkout and return of idle connections go through
 * {@link #entries} and each entry's CAS without taking {@link #lock}; everything that changes the
 * set of entries, the dial turn or the waiters takes the lock.
 *
 * <p>A host with no entries, no dial in flight and no waiter is retired: removed from the pool's
 * map and marked, so nothing is retained for an address that is gone. A thread that finds a
 * retired host under its lock must look the address up again.
 */
final class Host {

    private static final Entry[] NONE = new Entry[0];

    final String address;
    final ReentrantLock lock = new ReentrantLock();
    /** Signalled (all) whenever an entry becomes idle, a slot frees or the dial turn passes; guarded by lock. */
    private final Condition changed = lock.newCondition();

    /** Copy-on-write; written under lock, read without it. */
    volatile Entry[] entries = NONE;
    /** Callers parked on {@link #changed}; written under lock, read without it by returners deciding to signal. */
    volatile int waiters;
    /** Callers inside a slow path that may unlock and relock (acquire, put); keeps the host from retiring under them. Guarded by lock. */
    int users;
    /** Whether a dial for this address is in flight; guarded by lock. */
    boolean dialing;
    /** The last dial failure, attached to capacity errors; guarded by lock. */
    Throwable lastDialFailure;
    /** Set once, under lock, when the host left the pool's map. */
    boolean retired;

    Host(String address) {
        this.address = address;
    }

    void add(Entry entry) {
        assert lock.isHeldByCurrentThread();
        Entry[] old = entries;
        Entry[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = entry;
        entries = grown;
    }

    /** @return whether the entry was present */
    boolean detach(Entry entry) {
        assert lock.isHeldByCurrentThread();
        Entry[] old = entries;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == entry) {
                Entry[] shrunk = Arrays.copyOf(old, old.length - 1);
                System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
                entries = old.length == 1 ? NONE : shrunk;
                return true;
            }
        }
        return false;
    }

    boolean hasIdle() {
        for (Entry e : entries) {
            if (e.isIdle()) {
                return true;
            }
        }
        return false;
    }

    /** Entries in one phase ({@link Entry#IDLE}, {@link Entry#IN_USE}). */
    int count(long phase) {
        int n = 0;
        for (Entry e : entries) {
            if (Entry.phase(e.state()) == phase) {
                n++;
            }
        }
        return n;
    }

    /** Connections plus the dial in flight: what counts against maxSize. */
    int slotsUsed() {
        assert lock.isHeldByCurrentThread();
        return entries.length + (dialing ? 1 : 0);
    }

    boolean isUnused() {
        assert lock.isHeldByCurrentThread();
        return entries.length == 0 && !dialing && waiters == 0 && users == 0;
    }

    /** Waits for a change; the caller must have counted itself in {@link #waiters}. */
    long await(long nanos) throws InterruptedException {
        assert lock.isHeldByCurrentThread();
        return changed.awaitNanos(nanos);
    }

    void signalAll() {
        assert lock.isHeldByCurrentThread();
        changed.signalAll();
    }

    /** Wakes this host's waiters, taking the lock only if there are any. */
    void wakeWaiters() {
        if (waiters > 0) {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
