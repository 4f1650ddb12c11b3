package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, defect 4: at maxTotal the pool makes room by closing the least recently used idle
 * connection of another address, and the caller that closed it gets its slot: open connections
 * never exceed maxTotal, and nobody else takes the room meanwhile.
 */
class MaxTotalEvictionTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
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

    @Test
    void theSlotOfAnLruVictimStaysWithTheCallerWhileTheVictimCloses() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch mayClose = new CountDownLatch(1);
        FakeConn slowToClose = new FakeConn() {
            @Override
            public void close() throws IOException {
                closing.countDown();
                try {
                    mayClose.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.close();
            }
        };
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxTotal(1).acquireTimeout(Duration.ofHours(1)).build())) {
            pool.put("a:1", slowToClose);
            RecordingDialer dialsForB = new RecordingDialer();
            RecordingDialer dialsForC = new RecordingDialer();
            Future<PooledConnection> onB = callers.submit(() -> pool.getOrDial("b:1", dialsForB));
            closing.await(30, TimeUnit.SECONDS);

            Future<PooledConnection> onC = callers.submit(() -> pool.getOrDial("c:1", dialsForC));
            await().atMost(30, TimeUnit.SECONDS).until(() -> pool.stats().pending() == 1);
            assertThat(dialsForC.count()).as("dials while the victim is still open").isZero();
            assertThat(dialsForB.count()).isZero();

            mayClose.countDown();
            PooledConnection b = onB.get(30, TimeUnit.SECONDS);
            assertThat(b.address()).isEqualTo("b:1");
            assertThat(onC).isNotDone();
            b.close();
            onC.get(30, TimeUnit.SECONDS).close();
            assertThat(dialsForB.count() + dialsForC.count()).isEqualTo(2);
        }
    }
}
