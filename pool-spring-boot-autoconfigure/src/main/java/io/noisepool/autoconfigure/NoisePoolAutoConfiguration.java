package io.noisepool.autoconfigure;

import io.noisepool.ConnPool;
import io.noisepool.HealthCheck;
import io.noisepool.Pool;
import io.noisepool.ReadyCheck;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures a {@link ConnPool} bean named {@code noisePool} from {@code noise.pool.*}, with
 * the application's {@link HealthCheck} and {@link ReadyCheck} beans if it has them, and a
 * {@link NoisePoolLifecycle} that drains and closes it on shutdown.
 *
 * <p>Backs off when the application defines its own {@link Pool} bean, and entirely with
 * {@code noise.pool.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass(ConnPool.class)
@ConditionalOnBooleanProperty(name = "noise.pool.enabled", matchIfMissing = true)
@EnableConfigurationProperties(NoisePoolProperties.class)
public final class NoisePoolAutoConfiguration {

    /** The bean name of the auto-configured pool, which is also its {@code pool} metric tag. */
    public static final String POOL_BEAN_NAME = "noisePool";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(Pool.class)
    static class PoolConfiguration {

        // getIfAvailable, not getIfUnique: with two checks and no @Primary, start-up must fail
        // naming both rather than silently run without any check.
        @Bean(POOL_BEAN_NAME)
        ConnPool noisePool(NoisePoolProperties properties, ObjectProvider<HealthCheck> healthCheck,
                ObjectProvider<ReadyCheck> readyCheck) {
            return new ConnPool(properties.toPoolConfig(healthCheck.getIfAvailable(), readyCheck.getIfAvailable()));
        }

        @Bean
        NoisePoolLifecycle noisePoolLifecycle(ConnPool noisePool, NoisePoolProperties properties) {
            return new NoisePoolLifecycle(POOL_BEAN_NAME, noisePool, properties.getDrainTimeout());
        }
    }
}
