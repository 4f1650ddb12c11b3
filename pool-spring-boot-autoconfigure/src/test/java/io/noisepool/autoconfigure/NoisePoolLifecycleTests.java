package io.noisepool.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.noisepool.Conn;
import io.noisepool.ConnPool;
import io.noisepool.EvictionReason;
import io.noisepool.PoolConfig;
import io.noisepool.PoolListener;
import io.noisepool.PooledConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

@ExtendWith(OutputCaptureExtension.class)
class NoisePoolLifecycleTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NoisePoolAutoConfiguration.class));

    @RegisterExtension
    final LoopbackServer server = new LoopbackServer();

    @Test
    void phaseStopsAfterTheWebServerHasStopped() {
        // Spring stops higher phases first: graceful shutdown, then the server, then the pool.
        assertThat(NoisePoolLifecycle.PHASE).isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
                .isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
                .isEqualTo(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1024);
    }

    @Test
    void inFlightCheckoutIsReturnedBeforeThePoolCloses(CapturedOutput output) {
        this.runner.withPropertyValues("noise.pool.drain-timeout=1m").run(context -> {
            ConnPool pool = context.getBean(ConnPool.class);
            List<String> events = recordEvents(pool);
            PooledConnection inFlight = pool.getOrDial(this.server.address(), this.server.dialer());

            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
            NoisePoolLifecycle lifecycle = context.getBean(NoisePoolLifecycle.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> !lifecycle.isRunning());
            assertThat(pool.isClosed()).as("closed while a connection was still out").isFalse();
            assertThat(closing).isNotDone();

            inFlight.close();
            closing.get(30, TimeUnit.SECONDS);
            assertThat(pool.isClosed()).isTrue();
            assertThat(events).containsExactly("returned", "evicted:" + EvictionReason.CLOSED.tag());
            assertThat(inFlight.unwrap(Conn.class).isOpen()).isFalse();
            assertThat(output).contains("Pool 'noisePool' drained in");
        });
    }

    @Test
    void stuckHolderIsCutOffAfterTheDrainTimeout(CapturedOutput output) {
        this.runner.withPropertyValues("noise.pool.drain-timeout=100ms").run(context -> {
            ConnPool pool = context.getBean(ConnPool.class);
            PooledConnection stuck = pool.getOrDial(this.server.address(), this.server.dialer());

            ((ConfigurableApplicationContext) context).close();

            assertThat(pool.isClosed()).isTrue();
            assertThat(output).contains("Pool 'noisePool' still had 1 connection(s) checked out")
                    .contains("noise.pool.drain-timeout=PT0.1S");
            assertThat(stuck.unwrap(Conn.class).isOpen()).as("still in its holder's hands").isTrue();
            stuck.close();
            assertThat(stuck.unwrap(Conn.class).isOpen()).as("closed on return to a closed pool")
                    .isFalse();
        });
    }

    @Test
    void stoppingTwiceAndThenClosingThePoolIsHarmless() {
        ConnPool pool = new ConnPool(PoolConfig.builder().build());
        NoisePoolLifecycle lifecycle = new NoisePoolLifecycle("test", pool, Duration.ZERO);
        lifecycle.start();
        assertThat(lifecycle.isRunning()).isTrue();

        lifecycle.stop();
        lifecycle.stop();
        pool.close();

        assertThat(lifecycle.isRunning()).isFalse();
        assertThat(pool.isClosed()).isTrue();
    }

    private static List<String> recordEvents(ConnPool pool) {
        List<String> events = new CopyOnWriteArrayList<>();
        pool.addListener(new PoolListener() {
            @Override
            public void returned(String address, long usageNanos) {
                events.add("returned");
            }

            @Override
            public void evicted(String address, EvictionReason reason) {
                events.add("evicted:" + reason.tag());
            }
        });
        return events;
    }
}
