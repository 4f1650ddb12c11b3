package io.noisepool;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool's hosts by address, and what they share: the total slot count that {@code maxTotal}
 * bounds and the callers waiting for room under it. It owns the hosts' life cycle: a host is
 * created on first need and retired (removed from the map, marked) as soon as it holds nothing, so
 * the pool keeps nothing for an address it no longer talks to.
 *
 * <p>The map is concurrent; a host's entries, dial turn and queue are guarded by that host's lock.
 * Lock order: at most one host lock at a time, and the connection registry's lock inside it; so
 * whatever wakes waiters of other hosts ({@link #wakeRoomWaiters}) runs with no host lock held.
 */
final class HostTable {

    private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();
    private final int maxTotal;
    private final Counters counters;
    /** Entries plus dials in flight (or slots taken over from an LRU victim), across all hosts: what counts against maxTotal. */
    private final AtomicInteger slots = new AtomicInteger();
    /**
     * Queue heads waiting for room under maxTotal. A head registers here before it checks for room
     * again; whoever frees a slot or publishes an idle entry changes the state first and then reads
     * this, so one of the two sees the other. Waking costs one signal per waiter, not per address.
     */
    private final ConcurrentLinkedQueue<Waiter> roomWaiters = new ConcurrentLinkedQueue<>();

    HostTable(int maxTotal, Counters counters) {
        this.maxTotal = maxTotal;
        this.counters = counters;
    }

    /** @return the live host for an address, or null; for lock-free checkouts */
    Host get(String address) {
        return hosts.get(address);
    }

    /** A weakly consistent view of every host, for scans. */
    Collection<Host> all() {
        return hosts.values();
    }

    /** The live host for an address, created if needed, returned with its lock held. */
    Host locked(String address) {
        while (true) {
            Host host = hosts.computeIfAbsent(address, Host::new);
            host.lock.lock();
            if (!host.retired) {
                return host;
            }
            host.lock.unlock();
        }
    }

    /** Drops a host that holds nothing; the caller holds its lock. */
    void retireIfUnused(Host host) {
        assert host.lock.isHeldByCurrentThread();
        if (!host.retired && host.isUnused()) {
            host.retired = true;
            hosts.remove(host.address, host);
        }
    }

    /** Takes one slot under maxTotal for a dial or a put; false at the limit. */
    boolean reserveSlot() {
        if (maxTotal == 0) {
            slots.incrementAndGet();
            return true;
        }
        while (true) {
            int used = slots.get();
            if (used >= maxTotal) {
                return false;
            }
            if (slots.compareAndSet(used, used + 1)) {
                return true;
            }
        }
    }

    /** Gives back a slot that no entry took (a failed dial, a refused put); call with no host lock held. */
    void releaseSlot() {
        slots.decrementAndGet();
        wakeRoomWaiters();
    }

    int slotsUsed() {
        return slots.get();
    }

    /** Adds an entry, which keeps the slot reserved for it; the caller holds the host's lock. */
    void add(Host host, Entry entry) {
        assert host.lock.isHeldByCurrentThread();
        if (host.entries.length == 0) {
            counters.addresses.incrementAndGet();
        }
        host.add(entry);
        counters.pooled.incrementAndGet();
    }

    /**
     * Detaches entries of one host that were moved to REMOVED, in one lock hold, wakes the host's
     * queue and retires an empty host. Call with no host lock held.
     *
     * @param freeSlots whether their total slots become free (false when a caller takes one over)
     */
    void detach(Host host, List<Entry> gone, boolean freeSlots) {
        int detached;
        host.lock.lock();
        try {
            detached = host.detach(gone);
            if (detached > 0) {
                counters.pooled.addAndGet(-detached);
                if (freeSlots) {
                    slots.addAndGet(-detached);
                }
                if (host.entries.length == 0) {
                    counters.addresses.decrementAndGet();
                }
                host.wakeHead();
            }
            retireIfUnused(host);
        } finally {
            host.lock.unlock();
        }
        if (freeSlots && detached > 0) {
            wakeRoomWaiters();
        }
    }

    /**
     * At maxTotal: removes the idle entry used least recently by any address but {@code exclude}
     * and keeps its total slot for the caller, so nobody else can take that room while the caller
     * closes the victim and dials. Scans every host: only at the limit. Call with no host lock held.
     *
     * @return the removed entry, whose connection the caller closes, or null if no address but
     *     {@code exclude} has an idle one
     */
    Entry takeLeastRecentlyUsed(String exclude) {
        while (true) {
            Entry victim = null;
            for (Host host : hosts.values()) {
                if (host.address.equals(exclude)) {
                    continue;
                }
                for (Entry e : host.entries) {
                    if (e.isIdle() && (victim == null || e.lastUsedNanos < victim.lastUsedNanos)) {
                        victim = e;
                    }
                }
            }
            if (victim == null) {
                return null;
            }
            if (victim.removeIdle()) {
                detach(victim.host, List.of(victim), false);
                return victim;
            }
        }
    }

    /** Registers a queue head as waiting for room; it must check for room again before it parks. */
    void awaitRoom(Waiter waiter) {
        roomWaiters.add(waiter);
    }

    void stopAwaitingRoom(Waiter waiter) {
        roomWaiters.remove(waiter);
    }

    /** Wakes the heads waiting for room: a slot freed, or an idle entry that LRU may take appeared. No host lock held. */
    void wakeRoomWaiters() {
        if (roomWaiters.isEmpty()) {
            return;
        }
        for (Waiter waiter : roomWaiters) {
            waiter.host.lock.lock();
            try {
                waiter.wake();
            } finally {
                waiter.host.lock.unlock();
            }
        }
    }
}
