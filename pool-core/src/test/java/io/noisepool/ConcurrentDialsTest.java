package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code maxConcurrentDials}: how many handshakes one address may see at once, each for a caller that asked. */
class ConcurrentDialsTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void coldCallersDialInParallelUpToTheCap() throws Exception {
        assertThat(dialsInFlightFor(8, 3)).isEqualTo(3);
    }

    @Test
    void byDefaultOneDialAtATime() throws Exception {
        assertThat(dialsInFlightFor(4, 1)).isEqualTo(1);
    }

    @Test
    void neverMoreDialsThanCallers() throws Exception {
        assertThat(dialsInFlightFor(2, 8)).isEqualTo(2);
    }

    @Test
    void aCapBelowOneIsRefusedNamingTheSetting() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PoolConfig.builder().maxConcurrentDials(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrentDials");
    }

    /** Starts {@code callers} cold callers on one address, all blocked in their dial once started; answers the most dials seen at once. */
    private int dialsInFlightFor(int callerCount, int cap) throws Exception {
        CountDownLatch proceed = new CountDownLatch(1);
        RecordingDialer dialer = RecordingDialer.blocking(new CountDownLatch(0), proceed);
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxConcurrentDials(cap).maxSize(callerCount)
                .acquireTimeout(Duration.ofMinutes(1)).build())) {
            List<Future<PooledConnection>> leases = new ArrayList<>();
            for (int i = 0; i < callerCount; i++) {
                leases.add(callers.submit(() -> pool.getOrDial("a:1", Duration.ofMinutes(1), dialer)));
            }
            int expected = Math.min(cap, callerCount);
            await().atMost(30, TimeUnit.SECONDS).until(() -> dialer.inFlight.get() == expected
                    && pool.stats().pending() == callerCount - expected);
            int seen = dialer.maxInFlight.get();
            proceed.countDown();
            for (Future<PooledConnection> lease : leases) {
                assertThat(lease.get(30, TimeUnit.SECONDS).fresh()).isTrue();
            }
            assertThat(dialer.count()).isEqualTo(callerCount);
            return seen;
        }
    }
}
