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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

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
        NoisePoolLifecycle lifecycle = new NoisePoolLifecycle(Map.of("test", pool), Duration.ZERO,
                new GenericApplicationContext());
        lifecycle.start();
        assertThat(lifecycle.isRunning()).isTrue();

        lifecycle.stop();
        lifecycle.stop();
        pool.close();

        assertThat(lifecycle.isRunning()).isFalse();
        assertThat(pool.isClosed()).isTrue();
    }

    @Test
    void stopThenStartLeavesThePoolServing() {
        this.runner.run(context -> {
            ConnPool pool = context.getBean(ConnPool.class);
            PooledConnection first = pool.getOrDial(this.server.address(), this.server.dialer());
            first.close();

            context.getSourceApplicationContext().stop();
            assertThat(first.unwrap(Conn.class).isOpen()).as("idle connection closed on stop").isFalse();
            context.getSourceApplicationContext().start();

            try (PooledConnection again = pool.getOrDial(this.server.address(), this.server.dialer())) {
                assertThat(again.fresh()).isTrue();
            }
            assertThat(pool.isClosed()).isFalse();
        });
    }

    @Test
    void pauseThenRestartLeavesThePoolServing() {
        this.runner.run(context -> {
            ConnPool pool = context.getBean(ConnPool.class);

            context.getSourceApplicationContext().pause();
            pool.getOrDial(this.server.address(), this.server.dialer()).close();
            context.getSourceApplicationContext().restart();

            try (PooledConnection again = pool.getOrDial(this.server.address(), this.server.dialer())) {
                assertThat(again.fresh()).as("a pause leaves idle connections pooled").isFalse();
            }
        });
    }

    @Test
    void shutdownPhaseTimeoutCutsTheDrainShort() throws Exception {
        this.runner.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
                .withPropertyValues("noise.pool.drain-timeout=10m", "spring.lifecycle.timeout-per-shutdown-phase=100ms")
                .run(context -> {
                    ConnPool pool = context.getBean(ConnPool.class);
                    PooledConnection stuck = pool.getOrDial(this.server.address(), this.server.dialer());

                    // Only a generous bound for a hung test: the phase timeout, not the drain timeout, ends it.
                    CompletableFuture.runAsync(context::close).get(60, TimeUnit.SECONDS);

                    assertThat(pool.isClosed()).isTrue();
                    stuck.close();
                });
    }

    @Test
    void everyPoolBeanDrainsConcurrentlyThenCloses() {
        this.runner.withUserConfiguration(TwoUserPools.class).withPropertyValues("noise.pool.drain-timeout=1m")
                .run(context -> {
                    ConnPool first = context.getBean("first", ConnPool.class);
                    ConnPool second = context.getBean("second", ConnPool.class);
                    PooledConnection firstOut = first.getOrDial(this.server.address(), this.server.dialer());
                    PooledConnection secondOut = second.getOrDial(this.server.address(), this.server.dialer());

                    CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
                    NoisePoolLifecycle lifecycle = context.getBean(NoisePoolLifecycle.class);
                    await().atMost(Duration.ofSeconds(30)).until(() -> !lifecycle.isRunning());
                    assertThat(first.isClosed()).as("closed while a connection was still out").isFalse();

                    secondOut.close();
                    await().atMost(Duration.ofSeconds(30)).until(second::isClosed);
                    assertThat(first.isClosed()).as("still draining: the other pool did not wait for it").isFalse();
                    assertThat(closing).isNotDone();

                    firstOut.close();
                    closing.get(30, TimeUnit.SECONDS);
                    assertThat(first.isClosed()).isTrue();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoUserPools {

        @Bean
        ConnPool first() {
            return new ConnPool(PoolConfig.builder().build());
        }

        @Bean
        ConnPool second() {
            return new ConnPool(PoolConfig.builder().build());
        }
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
