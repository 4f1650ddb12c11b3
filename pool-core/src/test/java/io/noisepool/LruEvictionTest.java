package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Eviction of the least recently used idle connection at {@code maxTotal} (issue 11, defect 4).
 * The interleaving is forced with a connection whose {@code close()} blocks until the test lets
 * it finish: {@code maxTotal} bounds open sockets, so the victim's slot may serve a new dial
 * only once the victim is closed. The victim is never of the caller's own address.
 */
class LruEvictionTest {

    private static final Duration HUNG = Duration.ofSeconds(30);

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void noDialStartsWhileTheEvictedConnectionIsStillClosing() throws Exception {
        int maxTotal = 1;
        ConnPool pool = new ConnPool(PoolConfig.builder()
                .maxSize(1)
                .maxTotal(maxTotal)
                .maxAge(Duration.ZERO)
                .maxIdle(Duration.ZERO)
                .build());
        MisbehavingConn victim = new MisbehavingConn();
        pool.getOrDial("peer:A", HUNG, timeout -> victim).close();
        victim.blockNextClose.set(true);
        // Open sockets as each dial starts: every connection made minus the closes that finished.
        List<MisbehavingConn> made = new CopyOnWriteArrayList<>(List.of(victim));
        List<String> violations = new CopyOnWriteArrayList<>();
        Dialer dialer = timeout -> {
            long open = made.stream().filter(c -> c.closesFinished.get() == 0).count();
            if (open >= maxTotal) {
                violations.add("a dial started with " + open + " socket(s) open, maxTotal " + maxTotal);
            }
            MisbehavingConn conn = new MisbehavingConn();
            made.add(conn);
            return conn;
        };
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            CompletableFuture<String> evicting = CompletableFuture.supplyAsync(() -> acquire(pool, "peer:B", dialer), threads);
            assertThat(victim.closeEntered.await(HUNG.toSeconds(), TimeUnit.SECONDS))
                    .as("the caller on B evicts A's idle connection").isTrue();

            String third = acquire(pool, "peer:C", dialer);
            victim.letCloseFinish.countDown();
            String second = evicting.get(HUNG.toSeconds(), TimeUnit.SECONDS);

            assertThat(violations).as("caller on B: %s; caller on C while A was closing: %s", second, third).isEmpty();
            await().atMost(HUNG).untilAsserted(() -> assertThat(pool.stats().inUse()).isZero());
            assertThat(pool.stats().total()).isLessThanOrEqualTo(maxTotal);
        } finally {
            victim.letCloseFinish.countDown();
            threads.shutdown();
            pool.close();
        }
    }

    @Test
    void putNeverEvictsAConnectionOfItsOwnAddress() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxTotal(2).build())) {
            FakeConn olderOfA = new FakeConn();
            FakeConn ofB = new FakeConn();
            pool.put("a:1", olderOfA);
            pool.put("b:1", ofB);

            pool.put("a:1", new FakeConn());

            assertThat(olderOfA.closeCount()).isZero();
            assertThat(ofB.closeCount()).isEqualTo(1);
            assertThat(pool.stats().total()).isEqualTo(2);
        }
    }

    private static String acquire(ConnPool pool, String address, Dialer dialer) {
        try (PooledConnection lease = pool.getOrDial(address, HUNG, dialer)) {
            return lease.fresh() ? "DIALED" : "HIT";
        } catch (PoolException e) {
            return e.code().name();
        }
    }
}
