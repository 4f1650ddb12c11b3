package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolConfigTest {

    @Test
    void defaults() {
        PoolConfig config = PoolConfig.builder().build();
        assertThat(config.maxSize()).isEqualTo(ConnPool.DEFAULT_MAX_SIZE).isEqualTo(10);
        assertThat(config.maxTotal()).isZero();
        assertThat(config.maxAge()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.maxIdle()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.unbounded()).isFalse();
        assertThat(config.acquireTimeout()).isZero();
        assertThat(config.leakDetectionThreshold()).isZero();
        assertThat(config.healthCheck()).isNull();
        assertThat(config.readyCheck()).isNull();
    }

    @Test
    void zeroOrNegativeMaxSizeMeansTheDefaultUnlessUnbounded() {
        assertThat(PoolConfig.builder().maxSize(0).build().maxSize()).isEqualTo(10);
        assertThat(PoolConfig.builder().maxSize(-3).build().maxSize()).isEqualTo(10);
        assertThat(PoolConfig.builder().maxSize(0).unbounded(true).build().maxSize()).isZero();
        assertThat(PoolConfig.builder().maxSize(4).unbounded(true).build().maxSize()).isEqualTo(4);
    }

    @Test
    void badValuesAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> PoolConfig.builder().maxTotal(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTotal");
        assertThatThrownBy(() -> PoolConfig.builder().maxAge(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
        assertThatThrownBy(() -> PoolConfig.builder().maxIdle(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxIdle");
        assertThatThrownBy(() -> PoolConfig.builder().acquireTimeout(Duration.ofMillis(-5)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acquireTimeout");
        assertThatThrownBy(() -> PoolConfig.builder().leakDetectionThreshold(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leakDetectionThreshold");
    }

    @Test
    void toBuilderDerivesAnEqualVariant() {
        HealthCheck check = c -> true;
        PoolConfig config = PoolConfig.builder().maxSize(3).maxTotal(9).healthCheck(check).build();
        PoolConfig copy = config.toBuilder().maxTotal(12).build();
        assertThat(copy.maxSize()).isEqualTo(3);
        assertThat(copy.maxTotal()).isEqualTo(12);
        assertThat(copy.healthCheck()).isSameAs(check);
        assertThat(config.maxTotal()).isEqualTo(9);
    }
}
