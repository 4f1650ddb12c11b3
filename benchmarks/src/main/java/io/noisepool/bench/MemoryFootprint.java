package io.noisepool.bench;

import io.noisepool.Dialer;
import io.noisepool.bench.report.BenchmarkResult;
import io.noisepool.bench.report.Metric;
import io.noisepool.bench.report.ResultFiles;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Benchmark 5, memory, measured as live heap after full collections (not a JMH benchmark: JMH
 * times code, this weighs objects):
 *
 * <ul>
 *   <li>bookkeeping bytes per idle connection: 100,000 fake connections pooled idle over 10,000
 *       addresses, minus the connections and address strings themselves, which exist before the
 *       pool takes them;
 *   <li>bytes retained per address: 100,000 distinct addresses each dialed once and the connection
 *       discarded; what stays behind is what the pool keeps per address it no longer uses.
 * </ul>
 *
 * Each figure is measured several times, each time on a new pool, and reported with JMH's 99.9%
 * error bar. Run it in its own JVM with a stop-the-world collector ({@code -XX:+UseSerialGC}) so
 * that "used after GC" is the live set.
 *
 * <p>Pools stay open, and so reachable, until every measurement is done: a closed pool is freed
 * only once its background thread has ended, which may happen in the middle of the next
 * measurement and would be counted as negative bytes.
 */
public final class MemoryFootprint {

    /** Short names ({@code Class.measurement}) of the two results. */
    static final String BOOKKEEPING = "MemoryFootprint.bookkeepingPerIdleConnection";
    static final String RETAINED = "MemoryFootprint.retainedPerDiscardedAddress";

    private static final int ADDRESS_COUNT = 10_000;
    private static final int PER_ADDRESS = 10;
    private static final int CONNECTIONS = ADDRESS_COUNT * PER_ADDRESS;
    private static final int DISCARDED_ADDRESSES = 100_000;
    private static final int REPETITIONS = 3;

    private static final List<KeyedPool> KEPT_OPEN = new ArrayList<>();

    private MemoryFootprint() {}

    /**
     * Measures the contenders and writes a JMH-format result file.
     *
     * @param args the output file, then optionally the contenders to measure (default: all)
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: MemoryFootprint <result.json> [OURS|COMMONS_POOL2|HIKARI_BAG|FLOOR ...]");
        }
        List<Contender> contenders = args.length == 1
                ? Contender.everywhere()
                : Arrays.stream(args, 1, args.length).map(Contender::valueOf).toList();
        List<BenchmarkResult> results = new ArrayList<>();
        for (Contender contender : contenders) {
            results.add(measure(BOOKKEEPING, "B/conn", contender, MemoryFootprint::bookkeepingPerConnection));
            results.add(measure(RETAINED, "B/address", contender, MemoryFootprint::retainedPerAddress));
        }
        KEPT_OPEN.forEach(KeyedPool::close);
        ResultFiles.write(Path.of(args[0]), results);
    }

    private static BenchmarkResult measure(
            String name, String unit, Contender contender, ToDoubleFunction<Contender> measurement) {
        measurement.applyAsDouble(contender); // warm-up: load classes and size the JIT's structures
        ListStatistics stats = new ListStatistics();
        for (int i = 0; i < REPETITIONS; i++) {
            stats.addValue(measurement.applyAsDouble(contender));
        }
        System.out.printf("%-60s %-14s %10.1f %s%n", name, contender.label(), stats.getMean(), unit);
        return new BenchmarkResult(MemoryFootprint.class.getPackageName() + "." + name, "heap", 1, Map.of(BenchmarkResult.POOL_PARAM, contender.name()),
                new Metric(stats.getMean(), stats.getMeanErrorAt(0.999), unit), Map.of());
    }

    static double bookkeepingPerConnection(Contender contender) {
        String[] addresses = Addresses.distinct(ADDRESS_COUNT);
        FakeConn[] conns = new FakeConn[CONNECTIONS];
        for (int i = 0; i < CONNECTIONS; i++) {
            conns[i] = new FakeConn();
        }
        AtomicInteger next = new AtomicInteger();
        Dialer handOut = timeout -> conns[next.getAndIncrement()];
        long before = HeapMeter.liveBytes();
        KeyedPool pool = contender.create(handOut);
        for (String address : addresses) {
            pool.fill(address, PER_ADDRESS);
        }
        long after = HeapMeter.liveBytes();
        if (next.get() != CONNECTIONS) {
            throw new IllegalStateException(contender.label() + " dialed " + next.get() + " times, not " + CONNECTIONS);
        }
        Reference.reachabilityFence(addresses);
        Reference.reachabilityFence(conns);
        KEPT_OPEN.add(pool);
        return (after - before) / (double) CONNECTIONS;
    }

    static double retainedPerAddress(Contender contender) {
        KeyedPool pool = contender.create(FakeDialers.INSTANT);
        long before = HeapMeter.liveBytes();
        for (int i = 0; i < DISCARDED_ADDRESSES; i++) {
            String address = Addresses.of(i);
            pool.discard(address, pool.borrow(address));
        }
        long after = HeapMeter.liveBytes();
        KEPT_OPEN.add(pool);
        return (after - before) / (double) DISCARDED_ADDRESSES;
    }
}
