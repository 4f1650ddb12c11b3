package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.noisepool.ExpirySlackTest.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: maxAgeJitter spreads the expiry of connections that entered the pool together over the
 * last part of maxAge, and never lets one outlive maxAge. Time is a fake clock moved by the test,
 * which runs the housekeeper's cleanup itself every 10 ms of it.
 */
class MaxAgeJitterTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int CONNECTIONS = 1000;
    private static final long STEP = 10 * MS;

    @Test
    void connectionsPooledTogetherAreClosedSpreadOverTheLastQuarterOfMaxAge() {
        List<Long> closedAt = closeTimes(0.25);

        assertThat(closedAt).hasSize(CONNECTIONS);
        assertThat(closedAt).allSatisfy(t -> assertThat(t).isBetween(1500 * MS, 2000 * MS));
        // Uniform over the last quarter: each 100 ms of it closes about 200 of the 1,000. At least 100
        // in each is more than seven standard deviations below that, so this never fails by chance.
        for (long from = 1500 * MS; from < 2000 * MS; from += 100 * MS) {
            long start = from;
            assertThat(closedAt.stream().filter(t -> t >= start && t < start + 100 * MS).count())
                    .as("closed in [%d ms, %d ms)", start / MS, start / MS + 100)
                    .isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void withoutJitterConnectionsPooledTogetherAreClosedTogetherAtMaxAge() {
        assertThat(closeTimes(0)).hasSize(CONNECTIONS).containsOnly(2000 * MS);
    }

    /** Pools 1,000 connections at time 0 with maxAge 2 s and runs the cleanup every 10 ms until 2 s. */
    private static List<Long> closeTimes(double jitter) {
        FakeClock clock = new FakeClock();
        PoolConfig config = PoolConfig.builder().maxSize(CONNECTIONS).maxAge(Duration.ofSeconds(2))
                .maxIdle(Duration.ZERO).maxAgeJitter(jitter).build();
        List<Long> closedAt = new ArrayList<>();
        try (ConnPool pool = new ConnPool(config, Seams.NONE, clock, false)) {
            pool.addListener(new PoolListener() {
                @Override
                public void evicted(String address, EvictionReason reason) {
                    assertThat(reason).isEqualTo(EvictionReason.AGE);
                    closedAt.add(clock.get());
                }
            });
            for (int i = 0; i < CONNECTIONS; i++) {
                pool.put("peer:1", new FakeConn());
            }
            for (long now = STEP; now <= 2000 * MS; now += STEP) {
                clock.set(now);
                pool.housekeep(now);
            }
        }
        return closedAt;
    }

    @Test
    void aJitterOutsideZeroToAHalfIsRefused() {
        for (double bad : new double[] {-0.01, 0.51, Double.NaN}) {
            assertThatThrownBy(() -> PoolConfig.builder().maxAgeJitter(bad).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAgeJitter");
        }
        assertThat(PoolConfig.builder().maxAgeJitter(0.5).build().maxAgeJitter()).isEqualTo(0.5);
        assertThat(PoolConfig.builder().build().maxAgeJitter()).isZero();
    }
}
