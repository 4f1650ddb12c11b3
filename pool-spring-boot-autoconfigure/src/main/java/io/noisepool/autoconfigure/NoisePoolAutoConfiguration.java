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
            PoolConfig.Builder builder = properties.toPoolConfigBuilder(healthCheck.getIfAvailable(),
                    readyCheck.getIfAvailable());
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            ConnPool pool = new ConnPool(build(builder, properties.getKeepaliveInterval()));
            listeners.orderedStream().forEach(pool::addListener);
            return pool;
        }

        /**
         * Builds the pool's configuration once every customizer has had its say. Keepalive probes
         * with a health check: when there is none (no HealthCheck bean, and no customizer set one),
         * the property is at fault, and start-up names it rather than core's builder setting.
         */
        private static PoolConfig build(PoolConfig.Builder builder, Duration keepaliveInterval) {
            try {
                return builder.build();
            } catch (IllegalArgumentException e) {
                if (keepaliveInterval.isZero() || !buildsWithoutKeepalive(builder)) {
                    throw e;
                }
                throw new InvalidConfigurationPropertyValueException("noise.pool.keepalive-interval", keepaliveInterval,
                        "Keepalive probes idle connections with the application's HealthCheck bean, and there is none "
                                + "(nor does a NoisePoolCustomizer set one). Define a HealthCheck bean, or set "
                                + "noise.pool.keepalive-interval to 0 to turn keepalive off.");
            }
        }

        /** Whether the keepalive alone made the build fail; leaves the builder unusable, as its build failed anyway. */
        private static boolean buildsWithoutKeepalive(PoolConfig.Builder builder) {
            try {
                builder.keepaliveInterval(Duration.ZERO).build();
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
