package io.noisepool.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.noisepool.Pool;
import io.noisepool.autoconfigure.DelegatingPool;
import io.noisepool.autoconfigure.NoisePoolAutoConfiguration;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Binds every {@link Pool} bean (but a {@link DelegatingPool}, which is the pool it passes calls
 * to), auto-configured or the application's own, to the application's
 * Micrometer registry, when Micrometer and a registry are present. Spring Boot binds the
 * {@link NoisePoolMeterBinder} to each registry as it is created.
 */
@AutoConfiguration(after = {MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
        NoisePoolAutoConfiguration.class})
@ConditionalOnClass({MeterRegistry.class, MetricsAutoConfiguration.class})
@ConditionalOnBean({Pool.class, MeterRegistry.class})
public final class NoisePoolMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    NoisePoolMeterBinder noisePoolMeterBinder(Map<String, Pool> pools) {
        return new NoisePoolMeterBinder(DelegatingPool.withoutDelegates(pools));
    }
}
