package io.noisepool.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.noisepool.ConnPool;
import io.noisepool.Dialer;
import io.noisepool.Pool;
import io.noisepool.PoolConfig;
import io.noisepool.PoolException;
import io.noisepool.PooledConnection;
import io.noisepool.autoconfigure.LoopbackServer;
import java.lang.reflect.InvocationTargetException;
import java.net.ConnectException;
import java.time.Duration;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NoisePoolMeterBinderTests {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ConnPool pool = new ConnPool(PoolConfig.builder().maxTotal(20).build());
    @RegisterExtension
    final LoopbackServer server = new LoopbackServer();

    @AfterEach
    void closePool() {
        this.pool.close();
    }

    @Test
    void gaugesFollowTheStats() {
        new NoisePoolMeterBinder(Map.of("edge", this.pool)).bindTo(this.registry);

        try (PooledConnection ignored = this.pool.getOrDial(this.server.address(), this.server.dialer())) {
            assertThat(gauge("noise.pool.connections.active")).isEqualTo(1.0);
            assertThat(gauge("noise.pool.connections.idle")).isZero();
            assertThat(gauge("noise.pool.connections.pending")).isZero();
            assertThat(gauge("noise.pool.addresses")).isEqualTo(1.0);
            assertThat(gauge("noise.pool.connections.max")).isEqualTo(20.0);
        }
        assertThat(gauge("noise.pool.connections.active")).isZero();
        assertThat(gauge("noise.pool.connections.idle")).isEqualTo(1.0);
    }

    @Test
    void maxGaugeIsRegisteredOnlyWhenMaxTotalIsSet() {
        try (ConnPool unlimited = new ConnPool(PoolConfig.builder().build())) {
            new NoisePoolMeterBinder(Map.of("unlimited", unlimited)).bindTo(this.registry);

            assertThat(this.registry.find("noise.pool.connections.max").gauge()).isNull();
            assertThat(this.registry.get("noise.pool.connections.active").tag("pool", "unlimited").gauge())
                    .isNotNull();
        }
    }

    @Test
    void eventsAreTimedAndCountedWithTheirTags() {
        new NoisePoolMeterBinder(Map.of("edge", this.pool)).bindTo(this.registry);

        this.pool.getOrDial(this.server.address(), this.server.dialer()).close();
        this.pool.get(this.server.address()).close();
        assertThat(this.pool.get("127.0.0.1:1")).isNull();
        this.pool.evictIdle(null);

        assertThat(timerCount("noise.pool.acquire", "outcome", "dialed")).isEqualTo(1);
        assertThat(timerCount("noise.pool.acquire", "outcome", "hit")).isEqualTo(1);
        assertThat(timerCount("noise.pool.acquire", "outcome", "miss")).isEqualTo(1);
        assertThat(timerCount("noise.pool.acquire", "outcome", "timeout")).isZero();
        assertThat(timerCount("noise.pool.dial", "outcome", "success")).isEqualTo(1);
        assertThat(timerCount("noise.pool.dial", "outcome", "failure")).isZero();
        assertThat(this.registry.get("noise.pool.usage").tag("pool", "edge").timer().count()).isEqualTo(2);
        assertThat(this.registry.get("noise.pool.evictions").tags("pool", "edge", "reason", "manual").counter()
                .count()).isEqualTo(1.0);
        assertThat(this.registry.get("noise.pool.evictions").tags("pool", "edge", "reason", "idle").counter()
                .count()).isZero();
    }

    @Test
    void dialBackoffRefusalsAreTimedAsBackoffAndTheAddressesBackingOffAreGauged() {
        assertThat(this.registry.find("noise.pool.addresses.backing-off").gauge()).isNull();
        try (ConnPool backingOff = new ConnPool(PoolConfig.builder()
                .dialBackoff(Duration.ofMinutes(1), Duration.ofMinutes(1)).build())) {
            new NoisePoolMeterBinder(Map.of("edge", backingOff)).bindTo(this.registry);
            Dialer refused = timeout -> {
                throw new ConnectException("Connection refused");
            };

            for (int i = 0; i < 3; i++) {
                assertThatExceptionOfType(PoolException.class)
                        .isThrownBy(() -> backingOff.getOrDial("127.0.0.1:1", refused));
            }

            assertThat(timerCount("noise.pool.acquire", "outcome", "failed")).isEqualTo(1);
            assertThat(timerCount("noise.pool.acquire", "outcome", "backoff")).isEqualTo(2);
            assertThat(gauge("noise.pool.addresses.backing-off")).isEqualTo(1.0);
        }
    }

    @Test
    void aCheckoutHeldPastTheLeakThresholdIsCounted() {
        try (ConnPool leaky = new ConnPool(PoolConfig.builder().leakDetectionThreshold(Duration.ofMillis(20)).build())) {
            new NoisePoolMeterBinder(Map.of("leaky", leaky)).bindTo(this.registry);
            Counter leaks = this.registry.get("noise.pool.leaks").tag("pool", "leaky").counter();
            assertThat(leaks.count()).isZero();

            try (PooledConnection held = leaky.getOrDial(this.server.address(), this.server.dialer())) {
                await().atMost(30, TimeUnit.SECONDS).until(() -> leaks.count() > 0);
                assertThat(leaks.count()).isEqualTo(1.0);
            }
        }
    }

    @Test
    void poolThatIsNotAConnPoolGetsTheGaugesOnly() {
        Pool custom = (Pool) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Pool.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(this.pool, args);
                    } catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        new NoisePoolMeterBinder(Map.of("custom", custom)).bindTo(this.registry);

        custom.getOrDial(this.server.address(), this.server.dialer()).close();

        assertThat(this.registry.get("noise.pool.connections.idle").tag("pool", "custom").gauge().value())
                .isEqualTo(1.0);
        assertThat(this.registry.find("noise.pool.acquire").timers()).isEmpty();
    }

    private double gauge(String name) {
        return this.registry.get(name).tag("pool", "edge").gauge().value();
    }

    private long timerCount(String name, String tag, String value) {
        return this.registry.get(name).tags("pool", "edge", tag, value).timer().count();
    }
}
