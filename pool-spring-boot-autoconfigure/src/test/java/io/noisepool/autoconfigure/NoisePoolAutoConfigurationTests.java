package io.noisepool.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.noisepool.Conn;
import io.noisepool.ConnPool;
import io.noisepool.Pool;
import io.noisepool.PoolConfig;
import io.noisepool.PoolErrorCode;
import io.noisepool.PoolException;
import io.noisepool.PoolListener;
import io.noisepool.PooledConnection;
import io.noisepool.autoconfigure.endpoint.NoisePoolEndpoint;
import io.noisepool.autoconfigure.endpoint.NoisePoolEndpointAutoConfiguration;
import io.noisepool.autoconfigure.health.NoisePoolHealthContributorAutoConfiguration;
import io.noisepool.autoconfigure.metrics.NoisePoolMeterBinder;
import io.noisepool.autoconfigure.metrics.NoisePoolMetricsAutoConfiguration;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.annotation.Order;

class NoisePoolAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NoisePoolAutoConfiguration.class));

    @Test
    void defaultsAreBound() {
        this.runner.run(context -> {
            PoolConfig config = context.getBean(Pool.class).config();
            assertThat(config.maxSize()).isEqualTo(10);
            assertThat(config.maxTotal()).isZero();
            assertThat(config.maxAge()).isEqualTo(Duration.ofMinutes(30));
            assertThat(config.maxIdle()).isEqualTo(Duration.ofMinutes(5));
            assertThat(config.unbounded()).isFalse();
            assertThat(config.acquireTimeout()).isZero();
            assertThat(config.leakDetectionThreshold()).isZero();
            assertThat(config.dialTimeout()).isEqualTo(ConnPool.DEFAULT_DIAL_TIMEOUT);
            assertThat(config.healthCheckTimeout()).isEqualTo(ConnPool.DEFAULT_HEALTH_CHECK_TIMEOUT);
            assertThat(config.healthCheck()).isNull();
            assertThat(config.readyCheck()).isNull();
            assertThat(context.getBean(NoisePoolLifecycleProperties.class).getDrainTimeout())
                    .isEqualTo(Duration.ofSeconds(10));
            assertThat(context).hasSingleBean(NoisePoolLifecycle.class);
            assertThat(context).getBean(NoisePoolAutoConfiguration.POOL_BEAN_NAME).isInstanceOf(ConnPool.class);
        });
    }

    @Test
    void everyPropertyIsBound() {
        this.runner.withPropertyValues("noise.pool.max-size=0", "noise.pool.unbounded=true", "noise.pool.max-total=64",
                "noise.pool.max-age=1h", "noise.pool.max-idle=90s", "noise.pool.acquire-timeout=250ms",
                "noise.pool.leak-detection-threshold=2m", "noise.pool.dial-timeout=7s",
                "noise.pool.health-check-timeout=300ms", "noise.pool.max-concurrent-dials=8",
                "noise.pool.drain-timeout=3s").run(context -> {
                    PoolConfig config = context.getBean(Pool.class).config();
                    assertThat(config.maxSize()).isZero();
                    assertThat(config.unbounded()).isTrue();
                    assertThat(config.maxTotal()).isEqualTo(64);
                    assertThat(config.maxAge()).isEqualTo(Duration.ofHours(1));
                    assertThat(config.maxIdle()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(config.acquireTimeout()).isEqualTo(Duration.ofMillis(250));
                    assertThat(config.leakDetectionThreshold()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(config.dialTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(config.healthCheckTimeout()).isEqualTo(Duration.ofMillis(300));
                    assertThat(config.maxConcurrentDials()).isEqualTo(8);
                    assertThat(context.getBean(NoisePoolLifecycleProperties.class).getDrainTimeout())
                            .isEqualTo(Duration.ofSeconds(3));
                });
    }

    @Test
    void maxAgeJitterAndDialBackoffAreBound() {
        this.runner.withPropertyValues("noise.pool.max-age-jitter=0.1", "noise.pool.dial-backoff.initial=500ms",
                "noise.pool.dial-backoff.max=30s").run(context -> {
                    PoolConfig config = context.getBean(Pool.class).config();
                    assertThat(config.maxAgeJitter()).isEqualTo(0.1);
                    assertThat(config.dialBackoffInitial()).isEqualTo(Duration.ofMillis(500));
                    assertThat(config.dialBackoffMax()).isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    void maxAgeJitterAndDialBackoffAreOffByDefault() {
        this.runner.run(context -> {
            PoolConfig config = context.getBean(Pool.class).config();
            assertThat(config.maxAgeJitter()).isZero();
            assertThat(config.dialBackoffInitial()).isZero();
        });
    }

    @Test
    void userPoolBeanBacksOffTheAutoConfiguredOne() {
        this.runner.withUserConfiguration(UserPoolConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(Pool.class);
            assertThat(context).getBean(Pool.class).isSameAs(context.getBean("myPool"));
            assertThat(context).doesNotHaveBean(NoisePoolAutoConfiguration.POOL_BEAN_NAME);
            assertThat(context).as("drains the user's pool").hasSingleBean(NoisePoolLifecycle.class);
        });
    }

    @Test
    void userPoolBeanLeavesThePoolSettingsUnboundAndUnchecked() {
        this.runner.withUserConfiguration(UserPoolConfiguration.class)
                .withPropertyValues("noise.pool.max-size=banana", "noise.pool.max-total=-1").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(NoisePoolProperties.class);
                });
    }

    @Test
    void customizersApplyInOrderAfterTheProperties() {
        this.runner.withPropertyValues("noise.pool.max-size=5", "noise.pool.dial-timeout=9s")
                .withUserConfiguration(TwoCustomizers.class).run(context -> {
                    PoolConfig config = context.getBean(Pool.class).config();
                    assertThat(config.maxSize()).as("the later customizer wins").isEqualTo(8);
                    assertThat(config.maxTotal()).isEqualTo(100);
                    assertThat(config.dialTimeout()).as("left alone by the customizers").isEqualTo(Duration.ofSeconds(9));
                });
    }

    @Test
    void poolListenerBeansHearTheAutoConfiguredPoolOnceEach() throws Exception {
        RecordingListener listener = new RecordingListener();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (LoopbackServer server = new LoopbackServer()) {
            this.runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
                    .withUserConfiguration(AllNoisePoolAutoConfigurations.class)
                    .withBean(PoolListener.class, () -> listener).withBean(SimpleMeterRegistry.class, () -> meters)
                    .run(context -> {
                        context.getBean(Pool.class).getOrDial(server.address(), server.dialer()).close();

                        assertThat(listener.dials).hasValue(1);
                        assertThat(meters.get("noise.pool.dial").tag("outcome", "success").timer().count())
                                .as("the starter's own listener, once").isEqualTo(1);
                    });
        }
    }

    @Test
    void disabledByProperty() {
        this.runner.withPropertyValues("noise.pool.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Pool.class);
            assertThat(context).doesNotHaveBean(NoisePoolLifecycle.class);
        });
    }

    @Test
    void healthCheckBeanIsWiredInAndProbesBeforeHandOut() throws Exception {
        RecordingChecks.Health healthCheck = new RecordingChecks.Health(true);
        try (LoopbackServer server = new LoopbackServer()) {
            this.runner.withBean(RecordingChecks.Health.class, () -> healthCheck).run(context -> {
                Pool pool = context.getBean(Pool.class);
                assertThat(pool.config().healthCheck()).isSameAs(healthCheck);
                pool.getOrDial(server.address(), server.dialer()).close();
                try (PooledConnection reused = pool.get(server.address())) {
                    assertThat(reused).isNotNull();
                    assertThat(healthCheck.probed).containsExactly(reused.unwrap(Conn.class));
                }
            });
        }
    }

    @Test
    void readyCheckBeanIsWiredInAndRefusesConnectionsThatAreNotReady() throws Exception {
        RecordingChecks.Ready readyCheck = new RecordingChecks.Ready(false);
        try (LoopbackServer server = new LoopbackServer()) {
            this.runner.withBean(RecordingChecks.Ready.class, () -> readyCheck).run(context -> {
                Pool pool = context.getBean(Pool.class);
                assertThat(pool.config().readyCheck()).isSameAs(readyCheck);
                Conn conn = server.connect();
                assertThatExceptionOfType(PoolException.class).isThrownBy(() -> pool.put(server.address(), conn))
                        .satisfies(ex -> assertThat(ex.code()).isEqualTo(PoolErrorCode.CONNECTION_NOT_READY));
                assertThat(readyCheck.checked).containsExactly(conn);
                assertThat(pool.stats().total()).isZero();
            });
        }
    }

    @Test
    void twoHealthChecksWithoutPrimaryFailStartUpNamingBoth() {
        this.runner.withBean("firstCheck", RecordingChecks.Health.class, () -> new RecordingChecks.Health(true))
                .withBean("secondCheck", RecordingChecks.Health.class, () -> new RecordingChecks.Health(true))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(NoUniqueBeanDefinitionException.class)
                            .hasMessageContaining("firstCheck")
                            .hasMessageContaining("secondCheck");
                });
    }

    @Test
    void primaryHealthCheckWinsOverOthers() {
        this.runner.withUserConfiguration(TwoHealthChecksOnePrimary.class).run(context -> assertThat(
                context.getBean(Pool.class).config().healthCheck()).isSameAs(context.getBean("primaryCheck")));
    }

    @Test
    void keepaliveIsOffByDefaultAndBoundWithAHealthCheckBean() {
        this.runner.run(context -> assertThat(context.getBean(Pool.class).config().keepaliveInterval()).isZero());
        this.runner.withBean(RecordingChecks.Health.class, () -> new RecordingChecks.Health(true))
                .withPropertyValues("noise.pool.keepalive-interval=45s")
                .run(context -> assertThat(context.getBean(Pool.class).config().keepaliveInterval())
                        .isEqualTo(Duration.ofSeconds(45)));
    }

    @Test
    void keepaliveWithoutAHealthCheckBeanFailsStartUpNamingTheProperty() {
        this.runner.withPropertyValues("noise.pool.keepalive-interval=45s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, ex -> {
                        assertThat(ex.getName()).isEqualTo("noise.pool.keepalive-interval");
                        assertThat(ex.getReason()).contains("Define a HealthCheck bean");
                    });
        });
    }

    @Test
    void keepaliveAcceptsAHealthCheckThatACustomizerSets() {
        RecordingChecks.Health check = new RecordingChecks.Health(true);
        this.runner.withBean(NoisePoolCustomizer.class, () -> builder -> builder.healthCheck(check))
                .withPropertyValues("noise.pool.keepalive-interval=45s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Pool.class).config().healthCheck()).isSameAs(check);
                    assertThat(context.getBean(Pool.class).config().keepaliveInterval()).isEqualTo(Duration.ofSeconds(45));
                });
    }

    @Test
    void optionalPiecesSwitchOnWithActuatorAndMicrometerPresent() {
        this.runner.withUserConfiguration(AllNoisePoolAutoConfigurations.class)
                .withPropertyValues("management.endpoints.web.exposure.include=noisepool")
                .withBean(SimpleMeterRegistry.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(NoisePoolEndpoint.class);
                    assertThat(context).hasSingleBean(HealthContributor.class);
                    assertThat(context).hasSingleBean(NoisePoolMeterBinder.class);
                });
    }

    @Test
    void worksWithoutActuatorOrMicrometerOnTheClassPath() {
        // Imported as an application imports them, so Boot's class filter skips the optional pieces
        // before their conditions (whose classes are missing too) are even loaded.
        this.runner.withUserConfiguration(AllNoisePoolAutoConfigurations.class)
                .withPropertyValues("management.endpoints.web.exposure.include=noisepool")
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
                        "org.springframework.boot.health", "org.springframework.boot.micrometer", "io.micrometer"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(ConnPool.class);
                    assertThat(context).hasSingleBean(NoisePoolLifecycle.class);
                    assertThat(context).doesNotHaveBean(NoisePoolEndpoint.class);
                    assertThat(context).doesNotHaveBean(HealthContributor.class);
                    assertThat(context).doesNotHaveBean(NoisePoolMeterBinder.class);
                });
    }

    @Test
    void outOfRangeValueFailsStartUpNamingPropertyValueAndFix() {
        this.runner.withPropertyValues("noise.pool.max-size=10", "noise.pool.max-total=4").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, ex -> {
                        assertThat(ex.getName()).isEqualTo("noise.pool.max-total");
                        assertThat(ex.getValue()).isEqualTo(4);
                        assertThat(ex.getReason()).contains("at least noise.pool.max-size (10)");
                    });
        });
    }

    @Test
    void unconvertibleValueFailsStartUpWithOurAnalysis() {
        this.runner.withPropertyValues("noise.pool.max-age=banana").run(context -> {
            assertThat(context).hasFailed();
            assertThat(new NoisePoolBindFailureAnalyzer().analyze(context.getStartupFailure())).satisfies(analysis -> {
                assertThat(analysis.getDescription())
                        .contains("Invalid value 'banana' for configuration property 'noise.pool.max-age'");
                assertThat(analysis.getAction()).contains("a duration such as 500ms, 30s or 5m");
            });
        });
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({NoisePoolEndpointAutoConfiguration.class, NoisePoolHealthContributorAutoConfiguration.class,
            NoisePoolMetricsAutoConfiguration.class})
    static class AllNoisePoolAutoConfigurations {}

    @Configuration(proxyBeanMethods = false)
    static class UserPoolConfiguration {

        @Bean
        Pool myPool() {
            return new ConnPool(PoolConfig.builder().maxSize(3).build());
        }
    }

    static final class RecordingListener implements PoolListener {
        final AtomicInteger dials = new AtomicInteger();

        @Override
        public void dialed(String address, boolean success, long nanos) {
            this.dials.incrementAndGet();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoCustomizers {

        @Bean
        @Order(2)
        NoisePoolCustomizer later() {
            return builder -> builder.maxSize(8);
        }

        @Bean
        @Order(1)
        NoisePoolCustomizer earlier() {
            return builder -> builder.maxSize(7).maxTotal(100);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoHealthChecksOnePrimary {

        @Bean
        RecordingChecks.Health otherCheck() {
            return new RecordingChecks.Health(true);
        }

        @Bean
        @Primary
        RecordingChecks.Health primaryCheck() {
            return new RecordingChecks.Health(true);
        }
    }
}
