package io.noisepool.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * Each bad {@code noise.pool.*} value stops a real application's start-up with a failure analysis
 * (Boot's "APPLICATION FAILED TO START" block, no stack trace) naming the property, the value and
 * the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoisePoolBadPropertiesTests {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            max-size                 | -1        | It must be at least 1
            max-size                 | 0         | together with noise.pool.unbounded=true
            max-size                 | ten       | a whole number such as 10
            max-size                 | 1.5       | a whole number such as 10
            max-total                | -5        | It must be 0 (no limit) or at least noise.pool.max-size (10)
            max-total                | 4         | It must be 0 (no limit) or at least noise.pool.max-size (10)
            max-age                  | banana    | a duration such as 500ms, 30s or 5m
            max-age                  | -1s       | It must be a duration of zero (no limit) or more
            max-idle                 | 5 minutes | a duration such as 500ms, 30s or 5m
            max-idle                 | 5x        | a duration such as 500ms, 30s or 5m
            acquire-timeout          | -100ms    | It must be a duration of zero (fail at once when full) or more
            leak-detection-threshold | soon      | a duration such as 500ms, 30s or 5m
            drain-timeout            | -2s       | It must be a duration of zero (close at once) or more
            unbounded                | maybe     | true or false
            max-concurrent-dials     | 0         | It must be at least 1 (one dial per address at a time)
            max-concurrent-dials     | many      | a whole number such as 10
            max-age-jitter           | 0.6       | It must be a fraction of noise.pool.max-age from 0 (off) to 0.5
            max-age-jitter           | -0.1      | It must be a fraction of noise.pool.max-age from 0 (off) to 0.5
            max-age-jitter           | a bit     | a number such as 0.1
            dial-backoff.initial     | -1s       | It must be a duration of zero (off) or more
            dial-backoff.initial     | later     | a duration such as 500ms, 30s or 5m
            dial-backoff.max         | 0s        | It must be a duration above zero
            keepalive-interval       | -30s      | It must be a duration of zero (off) or more
            keepalive-interval       | often     | a duration such as 500ms, 30s or 5m
            keepalive-interval       | 30s       | Define a HealthCheck bean, or set noise.pool.keepalive-interval to 0
            """)
    void badValueFailsStartUpWithAnalysisNamingPropertyValueAndFix(String key, String value, String fix,
            CapturedOutput output) {
        assertStartUpFails(Map.of("noise.pool." + key, value));

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid value '" + value + "' for configuration property 'noise.pool." + key + "'")
                .contains(fix)
                .doesNotContain("Application run failed");
    }

    @Test
    void dialBackoffMaxBelowItsInitialFailsStartUpNamingMax(CapturedOutput output) {
        assertStartUpFails(Map.of("noise.pool.dial-backoff.initial", "5s", "noise.pool.dial-backoff.max", "1s"));

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid value '1s' for configuration property 'noise.pool.dial-backoff.max'")
                .contains("It must be at least noise.pool.dial-backoff.initial (PT5S)");
    }

    private static void assertStartUpFails(Map<String, Object> properties) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        Map<String, Object> all = new HashMap<>(properties);
        all.put("spring.main.banner-mode", "off");
        application.setDefaultProperties(all);

        assertThatException().isThrownBy(application::run);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(NoisePoolAutoConfiguration.class)
    static class App {}
}
