package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, defects 2 and 3: a caller waiting for capacity is woken by the return it waits for,
 * whenever that return lands, and callers that waited are served before newcomers, oldest first.
 * Acquire timeouts here are an hour: a caller that sleeps through its wake-up hangs the test
 * (caught by the generous await below) instead of passing after a short timeout.
 */
class WaitingTest {

    private static final Duration AN_HOUR = Duration.ofHours(1);
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void aReturnLandingWhileTheWaiterLooksForRoomWakesIt() throws Exception {
        CountDownLatch lookedForRoom = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        Seams returnWhileLooking = new Seams() {
            @Override
            public void noRoom(String address) {
                if (lookedForRoom.getCount() > 0) {
                    lookedForRoom.countDown();
                    awaitLatch(returned);
                }
            }
        };
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxTotal(1).acquireTimeout(AN_HOUR).build(),
                returnWhileLooking)) {
            PooledConnection onA = pool.getOrDial("a:1", new RecordingDialer());
            Future<PooledConnection> onB = callers.submit(() -> pool.getOrDial("b:1", new RecordingDialer()));
            lookedForRoom.await(10, TimeUnit.SECONDS);

            onA.close(); // A's connection is idle from now on; B must evict it and dial
            returned.countDown();

            PooledConnection b = onB.get(30, TimeUnit.SECONDS);
            assertThat(b.address()).isEqualTo("b:1");
            assertThat(onA.unwrap(FakeConn.class).closeCount()).isEqualTo(1);
            b.close();
        }
    }

    @Test
    void aReturnedConnectionGoesToTheWaiterNotToANewcomer() throws Exception {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(1).acquireTimeout(AN_HOUR).build())) {
            // A newcomer on the returner's own thread, as early as a caller can be: inside the return.
            AtomicReference<PooledConnection> newcomer = new AtomicReference<>();
            pool.addListener(new PoolListener() {
                @Override
                public void returned(String address, long usageNanos) {
                    newcomer.compareAndSet(null, pool.get(address));
                }
            });
            PooledConnection held = pool.getOrDial("a:1", new RecordingDialer());
            Future<PooledConnection> waiter = callers.submit(() -> pool.getOrDial("a:1", new RecordingDialer()));
            await().atMost(30, TimeUnit.SECONDS).until(() -> pool.stats().pending() == 1);

            held.close();

            assertThat(newcomer.get()).as("what the newcomer got").isNull();
            assertThat(pool.get("a:1")).as("what a newcomer gets right after the return").isNull();
            PooledConnection served = waiter.get(30, TimeUnit.SECONDS);
            assertThat(served.unwrap(FakeConn.class)).isSameAs(held.unwrap(FakeConn.class));
            served.close();
        }
    }

    @Test
    void waitersAreServedOldestFirst() throws Exception {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(1).acquireTimeout(AN_HOUR).build())) {
            PooledConnection held = pool.getOrDial("a:1", new RecordingDialer());
            // Each round: the oldest waiter must win, not whichever wakes first (a coin toss per round if woken together).
            for (int round = 0; round < 20; round++) {
                CompletableFuture<PooledConnection> first = CompletableFuture.supplyAsync(
                        () -> pool.getOrDial("a:1", new RecordingDialer()), callers);
                await().atMost(30, TimeUnit.SECONDS).until(() -> pool.stats().pending() == 1);
                CompletableFuture<PooledConnection> second = CompletableFuture.supplyAsync(
                        () -> pool.getOrDial("a:1", new RecordingDialer()), callers);
                await().atMost(30, TimeUnit.SECONDS).until(() -> pool.stats().pending() == 2);

                held.close();
                PooledConnection firstServed = first.get(30, TimeUnit.SECONDS);
                assertThat(second).as("round %d", round).isNotDone();
                firstServed.close();
                held = second.get(30, TimeUnit.SECONDS);
            }
            held.close();
        }
    }

    @Test
    void aWaiterForRoomIsWokenByAReturnOnAnotherAddress() throws Exception {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxTotal(1).acquireTimeout(AN_HOUR).build())) {
            PooledConnection onA = pool.getOrDial("a:1", new RecordingDialer());
            Future<PooledConnection> onB = callers.submit(() -> pool.getOrDial("b:1", new RecordingDialer()));
            await().atMost(30, TimeUnit.SECONDS).until(() -> pool.stats().pending() == 1);

            onA.close();

            PooledConnection b = onB.get(30, TimeUnit.SECONDS);
            assertThat(b.address()).isEqualTo("b:1");
            b.close();
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
