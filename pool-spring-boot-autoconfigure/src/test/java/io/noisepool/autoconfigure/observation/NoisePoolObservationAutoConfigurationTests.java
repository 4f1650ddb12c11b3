package io.noisepool.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.noisepool.ConnPool;
import io.noisepool.Pool;
import io.noisepool.PoolConfig;
import io.noisepool.PoolException;
import io.noisepool.PooledConnection;
import io.noisepool.autoconfigure.LoopbackServer;
import io.noisepool.autoconfigure.NoisePoolAutoConfiguration;
import io.noisepool.autoconfigure.NoisePoolLifecycle;
import io.noisepool.autoconfigure.endpoint.NoisePoolEndpoint;
import io.noisepool.autoconfigure.endpoint.NoisePoolEndpointAutoConfiguration;
import io.noisepool.autoconfigure.metrics.NoisePoolMetricsAutoConfiguration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class NoisePoolObservationAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NoisePoolAutoConfiguration.class,
                    NoisePoolObservationAutoConfiguration.class, NoisePoolEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=noisepool");

    @RegisterExtension
    final LoopbackServer server = new LoopbackServer();

    @Test
    void dialIsObservedOnTheCallersThreadInsideTheAcquire() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        this.runner.withBean(ObservationRegistry.class, () -> observations).run(context -> {
            AtomicReference<Observation> duringDial = new AtomicReference<>();
            AtomicReference<Thread> dialThread = new AtomicReference<>();
            Pool pool = context.getBean(Pool.class);

            try (PooledConnection conn = pool.getOrDial(this.server.address(), timeout -> {
                duringDial.set(observations.getCurrentObservation());
                dialThread.set(Thread.currentThread());
                return this.server.dialer().dial(timeout);
            })) {
                assertThat(conn.fresh()).isTrue();
            }

            assertThat(dialThread).hasValue(Thread.currentThread());
            assertThat(duringDial.get().getContextView().getName()).isEqualTo("noise.pool.dial");
            assertThat(duringDial.get().getContextView().getParentObservation().getContextView().getName())
                    .isEqualTo("noise.pool.acquire");
            TestObservationRegistryAssert.assertThat(observations)
                    .hasObservationWithNameEqualTo("noise.pool.acquire").that()
                    .hasLowCardinalityKeyValue("pool", "noisePool").hasLowCardinalityKeyValue("outcome", "dialed")
                    .doesNotHaveHighCardinalityKeyValueWithKey("address").hasBeenStopped();
            TestObservationRegistryAssert.assertThat(observations)
                    .hasObservationWithNameEqualTo("noise.pool.dial").that()
                    .hasLowCardinalityKeyValue("pool", "noisePool").hasLowCardinalityKeyValue("outcome", "success")
                    .hasParentObservationContextMatching(parent -> parent.getName().equals("noise.pool.acquire"))
                    .hasBeenStopped();
        });
    }

    @Test
    void failedAcquireIsObservedWithItsOutcomeAndError() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        this.runner.withBean(ObservationRegistry.class, () -> observations).run(context -> {
            Pool pool = context.getBean(Pool.class);

            assertThatExceptionOfType(PoolException.class).isThrownBy(() -> pool.getOrDial(this.server.address(),
                    timeout -> {
                        throw new java.io.IOException("refused");
                    }));
            assertThat(pool.get(this.server.address())).isNull();

            TestObservationRegistryAssert.assertThat(observations)
                    .hasNumberOfObservationsWithNameEqualTo("noise.pool.acquire", 2)
                    .hasAnObservation(observation -> observation.hasNameEqualTo("noise.pool.acquire")
                            .hasLowCardinalityKeyValue("outcome", "failed").assertThatError().isNotNull())
                    .hasAnObservation(observation -> observation.hasNameEqualTo("noise.pool.acquire")
                            .hasLowCardinalityKeyValue("outcome", "miss"))
                    .hasAnObservation(observation -> observation.hasNameEqualTo("noise.pool.dial")
                            .hasLowCardinalityKeyValue("outcome", "failure"));
        });
    }

    @Test
    void acquireRefusedByTheDialBackoffIsObservedAsBackoff() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        this.runner.withBean(ObservationRegistry.class, () -> observations)
                .withPropertyValues("noise.pool.dial-backoff.initial=1m").run(context -> {
                    Pool pool = context.getBean(Pool.class);
                    for (int i = 0; i < 2; i++) {
                        assertThatExceptionOfType(PoolException.class).isThrownBy(() -> pool.getOrDial(
                                this.server.address(), timeout -> {
                                    throw new java.io.IOException("refused");
                                }));
                    }

                    TestObservationRegistryAssert.assertThat(observations)
                            .hasAnObservation(observation -> observation.hasNameEqualTo("noise.pool.acquire")
                                    .hasLowCardinalityKeyValue("outcome", "failed"))
                            .hasAnObservation(observation -> observation.hasNameEqualTo("noise.pool.acquire")
                                    .hasLowCardinalityKeyValue("outcome", "backoff").assertThatError().isNotNull());
                });
    }

    @Test
    void warmUpIsPassedOnAndEachOfItsDialsObserved() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        this.runner.withBean(ObservationRegistry.class, () -> observations).run(context -> {
            Pool pool = context.getBean(Pool.class);

            assertThat(pool.warmUp(this.server.address(), 2, this.server.dialer())).isEqualTo(2);

            assertThat(context.getBean(ConnPool.class).stats().available()).isEqualTo(2);
            TestObservationRegistryAssert.assertThat(observations)
                    .hasNumberOfObservationsWithNameEqualTo("noise.pool.dial", 2)
                    .doesNotHaveAnyRemainingCurrentObservation();
        });
    }

    @Test
    void connPoolStaysInjectableAndThePoolIsShownAndDrainedOnce() {
        this.runner.withBean(ObservationRegistry.class, TestObservationRegistry::create).run(context -> {
            assertThat(context.getBean(Pool.class)).isInstanceOf(ObservedPool.class);
            ConnPool connPool = context.getBean(ConnPool.class);
            assertThat(((ObservedPool) context.getBean(Pool.class)).delegate()).isSameAs(connPool);
            assertThat(context.getBean(NoisePoolEndpoint.class).pools().pools()).containsOnlyKeys("noisePool");
            assertThat(context).hasSingleBean(NoisePoolLifecycle.class);
        });
    }

    @Test
    void withoutAnObservationRegistryThePoolIsTheConnPool() {
        this.runner.run(context -> {
            assertThat(context).doesNotHaveBean(ObservedPool.class);
            assertThat(context.getBean(Pool.class)).isSameAs(context.getBean(ConnPool.class));
        });
    }

    @Test
    void applicationsOwnPoolIsNotObserved() {
        this.runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .withUserConfiguration(UserPool.class)
                .run(context -> assertThat(context).doesNotHaveBean(ObservedPool.class));
    }

    @Test
    void noMeterIsRecordedTwice() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        this.runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                NoisePoolMetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class, () -> meters)
                .withBean(ObservationRegistry.class, () -> observations).run(context -> {
                    context.getBean(Pool.class).getOrDial(this.server.address(), this.server.dialer()).close();

                    assertThat(meters.find("noise.pool.acquire").timers()).allSatisfy(
                            timer -> assertThat(timer.getId().getTag("error")).isNull())
                            .extracting(timer -> timer.count()).containsOnly(0L, 1L).containsOnlyOnce(1L);
                    assertThat(meters.find("noise.pool.dial").timers())
                            .extracting(timer -> timer.count()).containsOnlyOnce(1L);
                    assertThat(meters.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
                            .doesNotContain("noise.pool.acquire.active", "noise.pool.dial.active");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserPool {

        @Bean
        Pool myPool() {
            return new ConnPool(PoolConfig.builder().build());
        }
    }
}
