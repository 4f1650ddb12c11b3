package io.noisepool.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.noisepool.ConnPool;
import io.noisepool.Pool;
import io.noisepool.PoolConfig;
import io.noisepool.sample.noise.NoiseEchoPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The embedded peer's {@code sample.peer.*} limits: their defaults, and bad values stop start-up. */
class PeerSettingsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(WithProperties.class, NoiseConfiguration.class);

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SampleProperties.class)
    static class WithProperties {}

    @Test
    void defaultsMatchTheDocumentedOnes() {
        runner.run(context -> {
            SampleProperties.Peer peer = context.getBean(SampleProperties.class).getPeer();
            assertThat(peer.getIdleTimeout()).isEqualTo(NoiseEchoPeer.DEFAULT_IDLE_TIMEOUT);
            assertThat(peer.getMaxConnections()).isEqualTo(NoiseEchoPeer.DEFAULT_MAX_CONNECTIONS);
            assertThat(context.getBean(NoiseEchoPeer.class).openConnections()).isZero();
        });
    }

    @ParameterizedTest
    @CsvSource({"-1", "5"})
    void aWarmUpCountNoPoolCouldHoldStopsStartUpNamingTheProperty(String value) {
        runner.withUserConfiguration(EchoService.class, EmbeddedPeerWarmUp.class)
                .withBean(Pool.class, () -> new ConnPool(PoolConfig.builder().maxSize(4).build()))
                .withPropertyValues("sample.peer.warm-up-connections=" + value)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                            .hasMessageContaining("noise.pool.max-size (4)")
                            .satisfies(e -> assertThat(((InvalidConfigurationPropertyValueException) e).getName())
                                    .isEqualTo("sample.peer.warm-up-connections"));
                });
    }

    @ParameterizedTest
    @CsvSource({
            "sample.peer.idle-timeout, 0s",
            "sample.peer.idle-timeout, -1s",
            "sample.peer.handshake-timeout, 0s",
            "sample.peer.max-connections, 0",
            "sample.peer.max-connections, -5"})
    void badValueStopsStartUpNamingTheProperty(String property, String value) {
        runner.withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining(property)
                    .satisfies(e -> assertThat(((InvalidConfigurationPropertyValueException) e).getName())
                            .isEqualTo(property));
        });
    }
}
