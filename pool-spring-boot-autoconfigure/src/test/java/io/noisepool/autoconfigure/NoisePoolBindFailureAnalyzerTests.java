package io.noisepool.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.noisepool.autoconfigure.endpoint.NoisePoolEndpointAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which bind failures our analyzer claims, and what its analysis keeps of Boot's. */
class NoisePoolBindFailureAnalyzerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(NoisePoolAutoConfiguration.class, NoisePoolEndpointAutoConfiguration.class));

    @Test
    void unboundIndexedValueIsLeftToBootsAnalyzer() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=noisepool",
                "management.endpoint.noisepool.roles[1]=ADMIN").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(UnboundConfigurationPropertiesException.class);

                    assertThat(new NoisePoolBindFailureAnalyzer().analyze(context.getStartupFailure())).isNull();
                });
    }

    @Test
    void unconvertibleValueKeepsBootsReasonLine() {
        this.runner.withPropertyValues("noise.pool.max-age=banana").run(context -> {
            assertThat(context).hasFailed();

            assertThat(new NoisePoolBindFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                    .contains("Invalid value 'banana' for configuration property 'noise.pool.max-age'")
                    .contains("Reason: failed to convert java.lang.String to java.time.Duration");
        });
    }
}
