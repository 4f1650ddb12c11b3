package io.noisepool.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.noisepool.autoconfigure.NoisePoolAutoConfiguration;
import io.noisepool.Pool;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class NoisePoolEndpointAutoConfigurationTests {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({NoisePoolAutoConfiguration.class, NoisePoolEndpointAutoConfiguration.class})
    static class ImportedAsAnApplicationDoes {}

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
    void endpointBacksOffWithoutActuatorsAutoConfigurationModule() {
        // Imported by name, as an application imports it, so the condition metadata is read as
        // the class path has it: without spring-boot-actuator-autoconfigure,
        // @ConditionalOnAvailableEndpoint could not be evaluated at all.
        new ApplicationContextRunner().withUserConfiguration(ImportedAsAnApplicationDoes.class)
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.autoconfigure"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(Pool.class);
                    assertThat(context).doesNotHaveBean(NoisePoolEndpoint.class);
                });
    }

    @Test
    void endpointBacksOffWhenThePoolIsDisabled() {
        this.runner.withPropertyValues("noise.pool.enabled=false", "management.endpoints.web.exposure.include=noisepool")
                .run(context -> assertThat(context).doesNotHaveBean(NoisePoolEndpoint.class));
    }
}
