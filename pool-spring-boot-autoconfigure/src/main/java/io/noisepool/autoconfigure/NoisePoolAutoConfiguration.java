package io.noisepool.autoconfigure;

import io.noisepool.ConnPool;
import io.noisepool.HealthCheck;
import io.noisepool.Pool;
import io.noisepool.PoolConfig;
import io.noisepool.PoolListener;
import io.noisepool.ReadyCheck;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures a {@link ConnPool} bean named {@code noisePool} from {@code noise.pool.*}, with
 * the application's {@link HealthCheck} and {@link ReadyCheck} beans if it has them, then every
 * {@link NoisePoolCustomizer} bean, and registers every {@link PoolListener} bean with it. A
 * {@link NoisePoolLifecycle} drains every {@link Pool} bean (but a {@link DelegatingPool}, which
 * is the pool it passes calls to), this one or the application's own,
 * on shutdown.
 *
 * <p>The pool backs off when the application defines its own {@link Pool} bean (its
 * {@code noise.pool.*} settings are then neither bound nor checked), and everything backs off
 * with {@code noise.pool.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass(ConnPool.class)
@ConditionalOnBooleanProperty(name = "noise.pool.enabled", matchIfMissing = true)
@EnableConfigurationProperties(NoisePoolLifecycleProperties.class)
public final class NoisePoolAutoConfiguration {

    /** The bean name of the auto-configured pool, which is also its {@code pool} metric tag. */
    public static final String POOL_BEAN_NAME = "noisePool";

    @Bean
    @ConditionalOnMissingBean
    NoisePoolLifecycle noisePoolLifecycle(Map<String, Pool> pools, NoisePoolLifecycleProperties properties,
            ConfigurableApplicationContext context) {
        return new NoisePoolLifecycle(DelegatingPool.withoutDelegates(pools), properties.getDrainTimeout(), context);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(Pool.class)
    @EnableConfigurationProperties(NoisePoolProperties.class)
    static class PoolConfiguration {

        // getIfAvailable, not getIfUnique: with two checks and no @Primary, start-up must fail
        // naming both rather than silently run without any check.
        @Bean(POOL_BEAN_NAME)
        ConnPool noisePool(NoisePoolProperties properties, ObjectProvider<HealthCheck> healthCheck,
                ObjectProvider<ReadyCheck> readyCheck, ObjectProvider<NoisePoolCustomizer> customizers,
                ObjectProvider<PoolListener> listeners) {
            HealthCheck check = healthCheck.getIfAvailable();
            requireHealthCheckForKeepalive(properties.getKeepaliveInterval(), check);
            PoolConfig.Builder builder = properties.toPoolConfigBuilder(check, readyCheck.getIfAvailable());
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            ConnPool pool = new ConnPool(builder.build());
            listeners.orderedStream().forEach(pool::addListener);
            return pool;
        }

        /**
         * Keepalive probes with the HealthCheck bean; without one, the property is at fault (core would
         * only say that its builder lacks a check).
         */
        private static void requireHealthCheckForKeepalive(Duration keepaliveInterval, HealthCheck check) {
            if (check == null && !keepaliveInterval.isZero()) {
                throw new InvalidConfigurationPropertyValueException("noise.pool.keepalive-interval", keepaliveInterval,
                        "Keepalive probes idle connections with the application's HealthCheck bean, and there is none. "
                                + "Define a HealthCheck bean, or set noise.pool.keepalive-interval to 0 to turn keepalive off.");
            }
        }
    }
}
