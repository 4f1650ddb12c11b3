package io.noisepool.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.noisepool.autoconfigure.NoisePoolAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class NoisePoolEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(NoisePoolAutoConfiguration.class, NoisePoolEndpointAutoConfiguration.class));

    @Test
    void endpointIsAbsentUntilExposed() {
        this.runner.run(context -> assertThat(context).doesNotHaveBean(NoisePoolEndpoint.class));
    }

    @Test
    void webExposureAddsTheEndpointAndItsWebExtension() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=noisepool").run(context -> {
            assertThat(context).hasSingleBean(NoisePoolEndpoint.class);
            assertThat(context).hasSingleBean(NoisePoolEndpointWebExtension.class);
        });
    }

    @Test
    void jmxExposureAloneAddsTheEndpointWithoutTheWebExtension() {
        this.runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=noisepool")
                .run(context -> {
                    assertThat(context).hasSingleBean(NoisePoolEndpoint.class);
                    assertThat(context).doesNotHaveBean(NoisePoolEndpointWebExtension.class);
                });
    }

    @Test
    void endpointBacksOffWhenThePoolIsDisabled() {
        this.runner.withPropertyValues("noise.pool.enabled=false", "management.endpoints.web.exposure.include=noisepool")
                .run(context -> assertThat(context).doesNotHaveBean(NoisePoolEndpoint.class));
    }
}
