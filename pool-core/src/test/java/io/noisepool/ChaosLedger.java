package io.noisepool;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * What the chaos test saw: every connection it ever created, how each operation ended, and every
 * invariant violation, recorded from any thread. Violations are collected rather than thrown so a
 * worker that meets one keeps going and the test reports them all at the end.
 */
final class ChaosLedger {

    private static final int RECENT = 1024;

    private final Queue<ChaosConn> conns = new ConcurrentLinkedQueue<>();
    /** A ring of recently created connections, for faults aimed at someone else's connection. */
    private final AtomicReferenceArray<ChaosConn> recent = new AtomicReferenceArray<>(RECENT);
    private final AtomicInteger created = new AtomicInteger();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final LongAdder operations = new LongAdder();
    private final LongAdder onClosedPool = new LongAdder();

    ChaosConn newConn(int addressIndex, String address) {
        ChaosConn conn = new ChaosConn(this, addressIndex, address);
        conns.add(conn);
        recent.set(created.getAndIncrement() % RECENT, conn);
        return conn;
    }

    /** A recently created connection (pooled, checked out or closed), or null early on. */
    ChaosConn randomRecent() {
        return recent.get(ThreadLocalRandom.current().nextInt(RECENT));
    }

    Iterable<ChaosConn> conns() {
        return conns;
    }

    int created() {
        return created.get();
    }

    void outcome(String operation, String result, boolean closedPool) {
        operations.increment();
        if (closedPool) {
            onClosedPool.increment();
        }
        outcomes.computeIfAbsent(operation + " -> " + result, k -> new LongAdder()).increment();
    }

    /** Outcomes that are not operations of their own (faults injected, checks run). */
    void event(String what) {
        outcomes.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    void violation(String what) {
        violations.add(what);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    long operations() {
        return operations.sum();
    }

    /** Operations that began after the pool was closed: cheap refusals, counted apart so they do not inflate the total. */
    long operationsOnClosedPool() {
        return onClosedPool.sum();
    }

    String report() {
        Map<String, Long> sorted = new TreeMap<>();
        outcomes.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted.entrySet().stream()
                .map(e -> String.format("  %-52s %,10d", e.getKey(), e.getValue()))
                .collect(Collectors.joining("\n"));
    }
}
