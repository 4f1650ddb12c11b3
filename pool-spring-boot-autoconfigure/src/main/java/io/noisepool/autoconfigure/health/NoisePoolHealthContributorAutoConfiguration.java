package io.noisepool.autoconfigure.health;

import io.noisepool.Pool;
import io.noisepool.autoconfigure.DelegatingPool;
import io.noisepool.autoconfigure.NoisePoolAutoConfiguration;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code noisePool} health contributor for every {@link Pool} bean (but a
 * {@link DelegatingPool}, which is the pool it passes calls to), auto-configured
 * or the application's own: one {@link NoisePoolHealthIndicator} for a single pool, a composite
 * keyed by bean name for several. Switched off with {@code management.health.noisepool.enabled=false}.
 */
@AutoConfiguration(after = NoisePoolAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnEnabledHealthIndicator.class)
@ConditionalOnBean(Pool.class)
@ConditionalOnEnabledHealthIndicator("noisepool")
public final class NoisePoolHealthContributorAutoConfiguration
        extends CompositeHealthContributorConfiguration<NoisePoolHealthIndicator, Pool> {

    NoisePoolHealthContributorAutoConfiguration() {
        super(NoisePoolHealthIndicator::new);
    }

    @Bean
    @ConditionalOnMissingBean(name = {"noisePoolHealthIndicator", "noisePoolHealthContributor"})
    HealthContributor noisePoolHealthContributor(ConfigurableListableBeanFactory beanFactory) {
        return createContributor(DelegatingPool.withoutDelegates(beanFactory.getBeansOfType(Pool.class)));
    }
}
