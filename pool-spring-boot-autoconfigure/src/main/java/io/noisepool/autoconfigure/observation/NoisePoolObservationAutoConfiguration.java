package io.noisepool.autoconfigure.observation;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import io.noisepool.ConnPool;
import io.noisepool.Pool;
import io.noisepool.autoconfigure.NoisePoolAutoConfiguration;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * When the application has an {@link ObservationRegistry} bean (Spring Boot's observation
 * auto-configuration makes one), registers {@code observedNoisePool}: an {@link ObservedPool} over
 * the auto-configured {@code noisePool}, marked {@link Primary}, so that {@code Pool} injection
 * points get checkouts and dials observed. {@code noisePool} itself stays a plain
 * {@link ConnPool} bean, for code that injects {@code ConnPool}; calls made on it directly are not
 * observed. A pool the application defines itself is left alone.
 *
 * <p>The {@code noise.pool.acquire} and {@code noise.pool.dial} timers keep coming from the
 * metrics listener, which sees every call; the meters Micrometer's default observation handler
 * would record for these two observations are denied, so that no meter is recorded twice.
 */
@AutoConfiguration(after = NoisePoolAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ObservationRegistry.class, ConnPool.class})
@ConditionalOnBean(value = ObservationRegistry.class, name = NoisePoolAutoConfiguration.POOL_BEAN_NAME)
public final class NoisePoolObservationAutoConfiguration {

    @Bean
    @Primary
    ObservedPool observedNoisePool(@Qualifier(NoisePoolAutoConfiguration.POOL_BEAN_NAME) Pool noisePool,
            ObservationRegistry registry) {
        return new ObservedPool(noisePool, NoisePoolAutoConfiguration.POOL_BEAN_NAME, registry);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterFilter.class)
    static class ObservationMetersConfiguration {

        private static final Set<String> OBSERVATION_ONLY = Set.of(ObservedPool.ACQUIRE + ".active",
                ObservedPool.DIAL + ".active");

        // The handler's timers carry an "error" key, which the listener's never do.
        @Bean
        MeterFilter noisePoolObservationMeterFilter() {
            return MeterFilter.deny(id -> OBSERVATION_ONLY.contains(id.getName())
                    || (isObserved(id) && id.getTag("error") != null));
        }

        private static boolean isObserved(Meter.Id id) {
            return id.getName().equals(ObservedPool.ACQUIRE) || id.getName().equals(ObservedPool.DIAL);
        }
    }
}
