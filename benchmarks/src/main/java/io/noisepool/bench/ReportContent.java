package io.noisepool.bench;

import io.noisepool.bench.report.BenchmarkResult;
import io.noisepool.bench.report.Column;
import io.noisepool.bench.report.MetricView;
import io.noisepool.bench.report.ReportSection;
import io.noisepool.bench.report.TargetCheck;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code docs/benchmarks.md} says about each benchmark and which targets of the issue it
 * checks; the numbers come from the results.
 */
final class ReportContent {

    static final String HIT_PATH_CHART = "benchmarks-hit-path.png";
    static final String MANY_ADDRESSES_CHART = "benchmarks-hit-path-many-addresses.png";
    static final String HIT_PATH = "HitPathOneAddress.checkoutAndReturn";
    static final String HIT_PATH_MANY = "HitPathManyAddresses.checkoutAndReturn";
    static final String CONTENDED_DIAL = "ContendedDial.serveEightCallers";
    static final String NOISE_ECHO = "NoiseEcho.echo";
    static final String EVICT = "EvictIdle.evictAll";
    static final String GC_ALLOC_PER_OP = "gc.alloc.rate.norm";

    private static final List<Column> ALL_POOLS = columns(Contender.everywhere().toArray(Contender[]::new));
    private static final List<Column> HIT_PATH_POOLS = columns(Contender.OURS, Contender.OURS_MICROMETER,
            Contender.COMMONS_POOL2, Contender.HIKARI_BAG, Contender.HIKARI_POOL, Contender.FLOOR);

    private ReportContent() {}

    static List<ReportSection> sections() {
        MetricView throughput = MetricView.primary("Throughput", true);
        MetricView allocation = MetricView.secondary("Allocated per checkout and return (JMH -prof gc)", GC_ALLOC_PER_OP);
        return List.of(
                new ReportSection(HIT_PATH, "1. Hit path, one address",
                        """
                        Check a warm connection out of the pool and give it back (`getOrDial` + `close` for ours, \
                        `borrowObject` + `returnObject` for Commons Pool2, `borrow` + `requite` for HikariCP's \
                        bag, `getConnection` + `close` for HikariCP's whole pool, a `HikariDataSource` over a stub \
                        JDBC `DataSource` whose connections do nothing, `poll` + `offer` for the floor). The \
                        address holds 8 idle fake connections, so no thread ever dials or waits: this is \
                        bookkeeping only. *ours + Micrometer* is ours with the Spring Boot starter's \
                        `NoisePoolMeterBinder` bound to a `SimpleMeterRegistry` (its gauges, and the \
                        `MicrometerPoolListener` timing every checkout and use), as a Boot application with \
                        Actuator runs it.""",
                        BenchmarkResult.POOL_PARAM, HIT_PATH_POOLS, List.of(throughput, allocation), HIT_PATH_CHART),
                new ReportSection(HIT_PATH_MANY, "2. Hit path, 10,000 addresses",
                        """
                        The same cycle on a uniformly random address out of 10,000, each holding 2 idle \
                        connections. HikariCP's bag is not keyed, so it runs as one bag per address.""",
                        BenchmarkResult.POOL_PARAM, ALL_POOLS, List.of(throughput, allocation), MANY_ADDRESSES_CHART),
                new ReportSection(CONTENDED_DIAL, "3. Contended dial",
                        """
                        8 threads ask for the same cold address at once; a dial takes 1 ms. Time is until all 8 \
                        hold a connection and gave it back. *Overlapping dials* counts dials that started while \
                        another dial to the address was in flight: ours by default serialises dials per address \
                        (`maxConcurrentDials` 1), so it must be 0. With `holdUntilAllServed=true` every caller \
                        keeps its connection until all have one, so 8 connections are needed and serialised \
                        dials cost 8 dial times. *ours, 8 parallel dials* is ours with `maxConcurrentDials(8)`: \
                        up to 8 dials at once, never more than callers waiting for them. HikariCP's bag does not \
                        dial and is left out.""",
                        BenchmarkResult.POOL_PARAM, columns(Contender.OURS, Contender.OURS_PARALLEL_DIALS,
                                Contender.COMMONS_POOL2, Contender.FLOOR),
                        List.of(MetricView.primary("Time to serve all 8", false),
                                MetricView.quotient("Dials per round", "dials", "rounds"),
                                MetricView.quotient("Overlapping dials per round", "overlappingDials", "rounds")),
                        null),
                new ReportSection("Stats.stats", "4a. Stats with 100,000 pooled connections",
                        """
                        One read of the pool's counts with 100,000 idle connections over 10,000 addresses: our \
                        `stats()`, Commons Pool2's `getNumIdle` + `getNumActive` + `getNumWaiters`, HikariCP's \
                        per-bag state counts, the floor's deque sizes. Ours reads counters, so it is O(1).""",
                        BenchmarkResult.POOL_PARAM, ALL_POOLS, List.of(MetricView.primary("Time per read", false)), null),
                new ReportSection(EVICT, "4b. Evicting 100,000 idle connections",
                        """
                        One call closes 100,000 idle connections over 10,000 addresses: our `evictIdle(null)`, \
                        one Commons Pool2 `evict()` pass in which every object has expired, HikariCP's \
                        housekeeper pattern (`values` + `reserve` + `remove`) per bag, the floor draining its \
                        deques. Single shot, each from a freshly filled pool.""",
                        BenchmarkResult.POOL_PARAM, ALL_POOLS, List.of(MetricView.primary("Time to evict all", false)),
                        null),
                new ReportSection(MemoryFootprint.BOOKKEEPING,
                        "5a. Memory: bookkeeping per idle connection",
                        """
                        Live heap after full GCs with 100,000 fake connections pooled idle over 10,000 addresses, \
                        minus the same heap before the pool took them (the connections and address strings \
                        themselves are not counted), divided by 100,000. Serial GC, measured 3 times.""",
                        BenchmarkResult.POOL_PARAM, ALL_POOLS, List.of(MetricView.primary("Bytes per idle connection", false)),
                        null),
                new ReportSection(MemoryFootprint.RETAINED,
                        "5b. Memory: retained per discarded address",
                        """
                        Live heap after 100,000 distinct addresses were each dialed once and the connection \
                        discarded, minus the heap before, divided by 100,000. The Go original documents 24-48 \
                        bytes per address, kept forever; a pool that forgets an address it no longer holds \
                        keeps 0.""",
                        BenchmarkResult.POOL_PARAM, ALL_POOLS, List.of(MetricView.primary("Bytes per address", false)),
                        null),
                new ReportSection(NOISE_ECHO, "6. Noise echo: pooled vs dial per request",
                        """
                        Echo round trips of a 64-byte message to the sample's Noise echo peer over loopback: \
                        through our pool (one Noise_XX session reused) vs dialing per request (TCP connect + \
                        Noise_XX handshake + close each time).""",
                        "transport",
                        List.of(new Column(Transport.POOLED.name(), "pooled"), new Column(Transport.DIAL_PER_REQUEST.name(), "dial per request")),
                        List.of(MetricView.primary("Round trips", true)), null));
    }

    static List<TargetCheck> targets() {
        return List.of(
                ratioTarget("Hit path, 1 thread: at least 10× Commons Pool2", 1, Contender.COMMONS_POOL2, 10),
                ratioTarget("Hit path, 2 threads: at least 10× Commons Pool2", 2, Contender.COMMONS_POOL2, 10),
                ratioTarget("Hit path, 8 threads: at least 10× Commons Pool2", 8, Contender.COMMONS_POOL2, 10),
                ratioTarget("Hit path, 1 thread: at least half the floor", 1, Contender.FLOOR, 0.5),
                ratioTarget("Hit path, 8 threads: at least the floor", 8, Contender.FLOOR, 1),
                ratioTarget("Hit path, 1 thread: at least 2× HikariCP's whole pool", 1, Contender.HIKARI_POOL, 2),
                ratioTarget("Hit path, 8 threads: at least 2× HikariCP's whole pool", 8, Contender.HIKARI_POOL, 2),
                ratioTarget("Hit path, 2 threads: at least ¼ of HikariCP's bag", 2, Contender.HIKARI_BAG, 0.25),
                ratioTarget("Hit path, 8 threads: at least ¼ of HikariCP's bag", 8, Contender.HIKARI_BAG, 0.25),
                ratioTarget("Hit path, 10,000 addresses, 1 thread: at least the floor", HIT_PATH_MANY, 1,
                        Contender.OURS, Contender.FLOOR, 1),
                ratioTarget("Hit path, 10,000 addresses, 2 threads: at least the floor", HIT_PATH_MANY, 2,
                        Contender.OURS, Contender.FLOOR, 1),
                new TargetCheck("Hit path, 1 thread: cost of the starter's Micrometer metrics per cycle, published",
                        results -> {
                            Optional<Double> bare = score(results, HIT_PATH, 1, Contender.OURS.name());
                            Optional<Double> metered = score(results, HIT_PATH, 1, Contender.OURS_MICROMETER.name());
                            // ops/us to ns per cycle: the difference of the two cycle times
                            return bare.flatMap(b -> metered.map(m -> 1000 / m - 1000 / b));
                        },
                        v -> true, "%.0f ns"),
                new TargetCheck("Hit path, 1 thread: at most one small object allocated per cycle (≤ 48 B)",
                        results -> find(results, HIT_PATH, 1, Contender.OURS.name())
                                .map(r -> r.secondary().get(GC_ALLOC_PER_OP))
                                .filter(Objects::nonNull)
                                .map(m -> m.score()),
                        v -> v <= 48, "%.1f B/op"),
                new TargetCheck("Bookkeeping at most 64 B per idle pooled connection",
                        results -> score(results, MemoryFootprint.BOOKKEEPING, 1, Contender.OURS.name()),
                        v -> v <= 64, "%.1f B/conn"),
                new TargetCheck("Nothing retained per discarded address (< 1 B)",
                        results -> score(results, MemoryFootprint.RETAINED, 1, Contender.OURS.name()),
                        v -> v < 1, "%.2f B/address"),
                new TargetCheck("Evicting 100,000 idle: at most 2× the floor's time",
                        results -> {
                            Optional<Double> ours = score(results, EVICT, 1, Contender.OURS.name());
                            Optional<Double> floor = score(results, EVICT, 1, Contender.FLOOR.name());
                            return ours.flatMap(o -> floor.map(f -> o / f));
                        },
                        v -> v <= 2, "%.2f×"),
                new TargetCheck("8 cold callers that keep their connection, 8 parallel dials allowed: at most 1.5× "
                        + "Commons Pool2's time", results -> {
                            Optional<Double> ours = holdingRound(results, Contender.OURS_PARALLEL_DIALS);
                            Optional<Double> commons = holdingRound(results, Contender.COMMONS_POOL2);
                            return ours.flatMap(o -> commons.map(c -> o / c));
                        }, v -> v <= 1.5, "%.2f×"),
                new TargetCheck("Contended dial: dials serialised (0 overlapping)",
                        results -> results.stream()
                                .filter(r -> r.shortName().equals(CONTENDED_DIAL)
                                        && Contender.OURS.name().equals(r.contender()))
                                .map(r -> r.secondary().get("overlappingDials"))
                                .filter(Objects::nonNull)
                                .map(m -> m.score())
                                .reduce(Double::sum),
                        v -> v == 0, "%.0f overlapping"),
                noiseTarget(1),
                noiseTarget(4));
    }

    private static TargetCheck ratioTarget(String text, int threads, Contender peer, double atLeast) {
        return ratioTarget(text, HIT_PATH, threads, Contender.OURS, peer, atLeast);
    }

    private static TargetCheck ratioTarget(String text, String benchmark, int threads, Contender ours, Contender peer,
            double atLeast) {
        return new TargetCheck(text, results -> {
            Optional<Double> mine = score(results, benchmark, threads, ours.name());
            Optional<Double> theirs = score(results, benchmark, threads, peer.name());
            return mine.flatMap(o -> theirs.map(t -> o / t));
        }, v -> v >= atLeast, "%.2f×");
    }

    /** The time of a contended-dial round in which every caller keeps its connection. */
    private static Optional<Double> holdingRound(List<BenchmarkResult> results, Contender contender) {
        return results.stream()
                .filter(r -> r.shortName().equals(CONTENDED_DIAL) && contender.name().equals(r.contender())
                        && "true".equals(r.params().get("holdUntilAllServed")))
                .map(r -> r.primary().score())
                .findFirst();
    }

    private static TargetCheck noiseTarget(int threads) {
        return new TargetCheck("Noise echo, " + threads + (threads == 1 ? " thread" : " threads")
                + ": pooled at least 20× dial per request", results -> {
            Optional<Double> pooled = score(results, NOISE_ECHO, threads, Transport.POOLED.name());
            Optional<Double> dialed = score(results, NOISE_ECHO, threads, Transport.DIAL_PER_REQUEST.name());
            return pooled.flatMap(p -> dialed.map(d -> p / d));
        }, v -> v >= 20, "%.1f×");
    }

    private static Optional<BenchmarkResult> find(
            List<BenchmarkResult> results, String shortName, int threads, String columnValue) {
        return results.stream()
                .filter(r -> r.shortName().equals(shortName) && r.threads() == threads
                        && r.params().values().contains(columnValue))
                .findFirst();
    }

    private static Optional<Double> score(List<BenchmarkResult> results, String shortName, int threads, String column) {
        return find(results, shortName, threads, column).map(r -> r.primary().score());
    }

    private static List<Column> columns(Contender... contenders) {
        return Arrays.stream(contenders).map(c -> new Column(c.name(), c.label())).toList();
    }
}
