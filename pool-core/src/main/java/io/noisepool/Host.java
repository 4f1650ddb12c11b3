package io.noisepool;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's state for one address. Checkout and return of idle connections go through
 * {@link #entries} and each entry's CAS without taking {@link #lock}; everything that changes the
 * set of entries, the dial turn or the queue of waiters takes the lock.
 *
 * <p>Callers of {@code getOrDial} that cannot be served at once queue here in arrival order. Only
 * the head of the queue looks for idle connections, dials or makes room; a connection returned
 * while the head is parked is claimed for it and handed over directly ({@link #handOff}), so
 * a caller that waited is served before newcomers, and waiters are served first come, first
 * served.
 *
 * <p>A host with no entries, no dial in flight, no waiter and no dial backoff is retired: removed from the pool's
 * map and marked, so nothing is retained for an address that is gone. A thread that finds a
 * retired host under its lock must look the address up again.
 */
final class Host {

    private static final Entry[] NONE = new Entry[0];

    final String address;
    final ReentrantLock lock = new ReentrantLock();

    /** Copy-on-write; written under lock, read without it. */
    volatile Entry[] entries = NONE;
    /** Waiters, oldest first; created on first need; guarded by lock. */
    private ArrayDeque<Waiter> queue;
    /**
     * The queue's length. Written under lock, read without it by returners: a returner publishes
     * IDLE and then reads this; a waiter counts itself here and then looks for idle entries, so
     * one of the two always sees the other.
     */
    volatile int waiting;
    /** Dials for this address in flight (or callers holding a dial turn while they make room); guarded by lock. */
    int dialing;
    /** The last dial failure, attached to capacity errors; guarded by lock. */
    Throwable lastDialFailure;
    /** Set once, under lock, when the host left the pool's map. */
    boolean retired;
    /**
     * The current dial backoff's length ({@link DialBackoff}), 0 while there is none; guarded by lock
     * (the housekeeper's scan reads it without, as a hint only).
     */
    long backoffNanos;
    /** Pool-clock time until which dials are refused, while {@link #backoffNanos} is not 0; guarded by lock. */
    long backoffUntil;
    /** Whether this host counts in {@link Counters#backingOff}; guarded by lock. */
    boolean backingOff;

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

    /** Detaches the given entries with one copy of the array; @return how many were present. */
    int detach(List<Entry> gone) {
        assert lock.isHeldByCurrentThread();
        Entry[] old = entries;
        Entry[] kept = new Entry[old.length];
        int n = 0;
        for (Entry e : old) {
            if (!containsIdentity(gone, e)) {
                kept[n++] = e;
            }
        }
        entries = n == 0 ? NONE : Arrays.copyOf(kept, n);
        return old.length - n;
    }

    private static boolean containsIdentity(List<Entry> list, Entry e) {
        for (int i = 0; i < list.size(); i++) { // indexed: no iterator per entry on the eviction path
            if (list.get(i) == e) {
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
        return entries.length + dialing;
    }

    boolean isUnused() {
        assert lock.isHeldByCurrentThread();
        return entries.length == 0 && dialing == 0 && waiting == 0 && backoffNanos == 0;
    }

    /** The counts for a capacity error, copied now. */
    Capacity capacity(int maxSize, int maxTotal, int slotsUsed) {
        assert lock.isHeldByCurrentThread();
        return new Capacity(address, count(Entry.IN_USE), count(Entry.IDLE), waiting, dialing, maxSize, slotsUsed,
                maxTotal, lastDialFailure);
    }

    // ---------------------------------------------------------------- the queue

    /**
     * Queues a new waiter at the tail.
     *
     * @param warming whether it is a warm-up ({@link Waiter#warming})
     */
    Waiter enqueue(boolean warming) {
        assert lock.isHeldByCurrentThread();
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        Waiter waiter = new Waiter(this, warming);
        queue.addLast(waiter);
        waiting = queue.size();
        return waiter;
    }

    /** Whether a caller that wants a connection (not a warm-up) is queued. */
    boolean callerWaiting() {
        assert lock.isHeldByCurrentThread();
        if (queue != null) {
            for (Waiter w : queue) {
                if (!w.warming) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Moves the head to the tail, so that the waiter behind it looks for idle connections; wakes the new head. */
    void yieldHead(Waiter head) {
        assert lock.isHeldByCurrentThread() && queue.peekFirst() == head;
        queue.addLast(queue.pollFirst());
        wakeHead();
    }

    boolean isHead(Waiter waiter) {
        assert lock.isHeldByCurrentThread();
        return queue != null && queue.peekFirst() == waiter;
    }

    /** Takes a waiter out of the queue (if it is still there) and wakes the next head if it was the head. */
    void leave(Waiter waiter) {
        assert lock.isHeldByCurrentThread();
        if (queue == null) {
            return;
        }
        boolean wasHead = queue.peekFirst() == waiter;
        if (queue.remove(waiter)) {
            waiting = queue.size();
            if (wasHead) {
                wakeHead();
            }
        }
        if (queue.isEmpty()) {
            queue = null;
        }
    }

    /** Wakes the head of the queue to look again: a slot freed, the dial turn passed, the head changed. */
    void wakeHead() {
        assert lock.isHeldByCurrentThread();
        Waiter head = queue == null ? null : queue.peekFirst();
        if (head != null) {
            head.wake();
        }
    }

    void wakeAll() {
        assert lock.isHeldByCurrentThread();
        if (queue != null) {
            queue.forEach(Waiter::wake);
        }
    }

    /** @return the oldest waiter, or null */
    Waiter head() {
        assert lock.isHeldByCurrentThread();
        return queue == null ? null : queue.peekFirst();
    }

    /** Gives the checkout {@code hold} of an entry, claimed for it, to the parked head, which leaves the queue. */
    void handOff(Waiter head, Entry entry, long hold) {
        assert lock.isHeldByCurrentThread() && queue.peekFirst() == head && head.parked;
        queue.pollFirst();
        waiting = queue.size();
        head.handed = entry;
        head.handedHold = hold;
        head.wake();
        wakeHead();
    }
}
