package io.noisepool.autoconfigure.endpoint;

import io.noisepool.Pool;
import io.noisepool.autoconfigure.DelegatingPool;
import io.noisepool.autoconfigure.NoisePoolAutoConfiguration;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code noisepool} Actuator endpoint (and its web extension) over every
 * {@link Pool} bean (but a {@link DelegatingPool}, which is the pool it passes calls to),
 * auto-configured or the application's own, when Actuator is present and the
 * endpoint is available (exposed and not switched off). Over JMX only the endpoint is registered;
 * the web extension, which checks the caller's roles, only when it is exposed over HTTP.
 */
@AutoConfiguration(after = NoisePoolAutoConfiguration.class)
// Naming the condition's own class too: without spring-boot-actuator-autoconfigure on the class
// path, @ConditionalOnAvailableEndpoint could not be read and would be silently ignored.
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(Pool.class)
@ConditionalOnAvailableEndpoint(NoisePoolEndpoint.class)
@EnableConfigurationProperties(NoisePoolEndpointProperties.class)
public final class NoisePoolEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    NoisePoolEndpoint noisePoolEndpoint(Map<String, Pool> pools, NoisePoolEndpointProperties properties) {
        return new NoisePoolEndpoint(DelegatingPool.withoutDelegates(pools), properties.getShowAddresses(),
                Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(NoisePoolEndpoint.class)
    @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
    NoisePoolEndpointWebExtension noisePoolEndpointWebExtension(NoisePoolEndpoint endpoint,
            NoisePoolEndpointProperties properties) {
        return new NoisePoolEndpointWebExtension(endpoint, properties.getShowAddresses(), properties.getRoles());
    }
}
