package io.noisepool;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool's hosts by address, and what they share: the total slot count that {@code maxTotal}
 * bounds and the callers waiting for it. It owns the hosts' life cycle: a host is created on first
 * need and retired (removed from the map, marked) as soon as it holds nothing, so the pool keeps
 * nothing for an address it no longer talks to.
 *
 * <p>The map is concurrent; a host's entries, dial turn and waiters are guarded by that host's lock.
 */
final class HostTable {

    private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();
    private final int maxTotal;
    private final Counters counters;
    /** Entries plus dials in flight, across all hosts: what counts against maxTotal. */
    private final AtomicInteger slots = new AtomicInteger();
    /** Callers waiting because the total limit is reached; returners then wake every waiting host. */
    private final AtomicInteger totalWaiters = new AtomicInteger();

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

    /** Gives back a slot whose dial failed. */
    void releaseSlot() {
        slots.decrementAndGet();
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

    /** Detaches an entry that was moved to REMOVED, frees its slot, wakes the host's waiters and retires an empty host. */
    void detach(Entry entry) {
        Host host = entry.host;
        host.lock.lock();
        try {
            if (host.detach(entry)) {
                counters.pooled.decrementAndGet();
                slots.decrementAndGet();
                if (host.entries.length == 0) {
                    counters.addresses.decrementAndGet();
                }
                host.signalAll();
            }
            retireIfUnused(host);
        } finally {
            host.lock.unlock();
        }
        wakeTotalWaiters();
    }

    /** The idle entry used least recently across all hosts, or null. Scans every host: only at maxTotal. */
    Entry leastRecentlyUsedIdle() {
        Entry victim = null;
        for (Host host : hosts.values()) {
            for (Entry e : host.entries) {
                if (e.isIdle() && (victim == null || e.lastUsedNanos - victim.lastUsedNanos < 0)) {
                    victim = e;
                }
            }
        }
        return victim;
    }

    void totalWaiterArrived() {
        totalWaiters.incrementAndGet();
    }

    void totalWaiterLeft() {
        totalWaiters.decrementAndGet();
    }

    /** Wakes every waiting host when someone waits for a total slot: a slot or an idle entry anywhere may serve them. */
    void wakeTotalWaiters() {
        if (totalWaiters.get() > 0) {
            for (Host host : hosts.values()) {
                host.wakeWaiters();
            }
        }
    }
}
