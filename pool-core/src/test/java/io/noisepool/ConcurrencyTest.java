package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    /** Platform threads always; virtual threads too when the JDK has them (21+). */
    static ExecutorService executor(String kind, int threads) {
        if (kind.equals("virtual")) {
            try {
                Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
                return (ExecutorService) factory.invoke(null);
            } catch (ReflectiveOperationException e) {
                org.junit.jupiter.api.Assumptions.assumeTrue(false, "this JDK has no virtual threads");
            }
        }
        return Executors.newFixedThreadPool(threads);
    }

    /** A dialer that tracks per-address overlap and every connection it made. */
    static final class TrackingDialers {
        final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        final AtomicInteger maxOverlap = new AtomicInteger();
        final List<FakeConn> all = java.util.Collections.synchronizedList(new ArrayList<>());

        Dialer forAddress(String address) {
            return timeout -> {
                int now = inFlight.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
                maxOverlap.accumulateAndGet(now, Math::max);
                try {
                    Thread.yield();
                    FakeConn conn = new FakeConn();
                    all.add(conn);
                    return conn;
                } finally {
                    inFlight.get(address).decrementAndGet();
                }
            };
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"platform", "virtual"})
    void getOrDialDialsOnceAtATimePerAddressAndNeverExceedsLimits(String kind) throws Exception {
        int threads = 32;
        int maxSize = 3;
        int maxTotal = 8;
        TrackingDialers dialers = new TrackingDialers();
        Map<String, AtomicInteger> heldPerAddress = new ConcurrentHashMap<>();
        AtomicInteger heldTotal = new AtomicInteger();
        AtomicInteger maxHeldPerAddress = new AtomicInteger();
        AtomicInteger maxHeldTotal = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(maxSize).maxTotal(maxTotal)
                .acquireTimeout(Duration.ofMillis(5)).build());
        ExecutorService executor = executor(kind, threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            tasks.add(executor.submit(() -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 300; i++) {
                    String address = "peer-" + random.nextInt(5) + ":1";
                    PooledConnection conn;
                    try {
                        conn = pool.getOrDial(address, Duration.ofSeconds(30), dialers.forAddress(address));
                    } catch (PoolException e) {
                        failures.incrementAndGet();
                        continue;
                    }
                    int here = heldPerAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
                    maxHeldPerAddress.accumulateAndGet(here, Math::max);
                    maxHeldTotal.accumulateAndGet(heldTotal.incrementAndGet(), Math::max);
                    Thread.yield();
                    heldPerAddress.get(address).decrementAndGet();
                    heldTotal.decrementAndGet();
                    if (random.nextInt(10) == 0) {
                        conn.discard();
                    } else {
                        conn.close();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> task : tasks) {
            task.get(2, TimeUnit.MINUTES);
        }
        executor.shutdown();

        assertThat(dialers.maxOverlap.get()).isEqualTo(1);
        assertThat(maxHeldPerAddress.get()).isLessThanOrEqualTo(maxSize);
        assertThat(maxHeldTotal.get()).isLessThanOrEqualTo(maxTotal);
        PoolStats quiet = pool.stats();
        assertThat(quiet.inUse()).isZero();
        assertThat(quiet.pending()).isZero();
        assertThat(quiet.dialing()).isZero();
        assertThat(quiet.total()).isEqualTo(pool.snapshot().size()).isLessThanOrEqualTo(maxTotal);
        assertThat(quiet.addresses())
                .isEqualTo((int) pool.snapshot().stream().map(ConnSnapshot::address).distinct().count());
        long openNow = dialers.all.stream().filter(FakeConn::isOpen).count();
        assertThat(openNow).isEqualTo(quiet.total());
        assertThat(dialers.all).allSatisfy(c -> assertThat(c.closeCount()).isLessThanOrEqualTo(1));

        pool.close();
        assertThat(dialers.all).allSatisfy(c -> assertThat(c.closeCount()).isEqualTo(1));
    }

    @Test
    void getPutStatsAndOtherAddressesNeverWaitForADialInProgress() throws Exception {
        CountDownLatch dialing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        try (ConnPool pool = new ConnPool()) {
            ExecutorService executor = Executors.newSingleThreadExecutor();
            Future<PooledConnection> slow = executor.submit(() -> pool.getOrDial("a:1", timeout -> {
                dialing.countDown();
                finish.await();
                return new FakeConn();
            }));
            assertThat(dialing.await(30, TimeUnit.SECONDS)).isTrue();

            // All of these complete on this thread while the dial to a:1 is blocked.
            assertThat(pool.get("a:1")).isNull();
            pool.put("a:1", new FakeConn());
            assertThat(pool.get("a:1")).isNotNull();
            assertThat(pool.getOrDial("b:1", new RecordingDialer())).isNotNull();
            assertThat(pool.stats().dialing()).isEqualTo(1);
            assertThat(pool.snapshot()).hasSize(2);

            finish.countDown();
            assertThat(slow.get(30, TimeUnit.SECONDS).fresh()).isTrue();
            executor.shutdown();
        }
    }

    @Test
    void waitersForADialTurnLookForAnIdleConnectionFirst() throws Exception {
        CountDownLatch dialing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        RecordingDialer dialer = RecordingDialer.blocking(dialing, finish);
        try (ConnPool pool = new ConnPool()) {
            ExecutorService executor = Executors.newFixedThreadPool(2);
            Future<PooledConnection> first = executor.submit(() -> pool.getOrDial("a:1", dialer));
            assertThat(dialing.await(30, TimeUnit.SECONDS)).isTrue();
            Future<PooledConnection> second = executor.submit(() -> pool.getOrDial("a:1", new RecordingDialer()));
            org.awaitility.Awaitility.await().until(() -> pool.stats().pending() == 1);

            FakeConn returned = new FakeConn();
            pool.put("a:1", returned); // becomes idle while the dial is still in flight

            assertThat(second.get(30, TimeUnit.SECONDS).unwrap(FakeConn.class)).isSameAs(returned);
            finish.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).fresh()).isTrue();
            executor.shutdown();
        }
    }
}
