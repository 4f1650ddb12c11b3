package io.noisepool.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.noisepool.Pool;
import io.noisepool.autoconfigure.endpoint.NoisePoolEndpoint;
import io.noisepool.autoconfigure.endpoint.NoisePoolEndpointAutoConfiguration;
import io.noisepool.autoconfigure.endpoint.NoisePoolEndpointProperties;
import io.noisepool.autoconfigure.health.NoisePoolHealthContributorAutoConfiguration;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.convert.support.ConfigurableConversionService;

/**
 * The configuration metadata the jar ships (what IDEs complete and show) against the code: every
 * {@code noise.pool.*} and {@code management.*.noisepool.*} key is documented, and each default
 * it states is the one the application really gets when the key is left out.
 */
class NoisePoolConfigurationMetadataTests {

    private static final Pattern OURS = Pattern.compile("noise\\.pool\\..+|management\\.[a-z]+\\.noisepool\\..+");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NoisePoolAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class, NoisePoolHealthContributorAutoConfiguration.class,
                    NoisePoolEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=noisepool")
            // As SpringApplication does: Boot documents enum defaults in lower case and converts leniently.
            .withInitializer(context -> context.getEnvironment()
                    .setConversionService((ConfigurableConversionService) ApplicationConversionService.getSharedInstance()));

    @Test
    void everyKeyIsListed() throws Exception {
        assertThat(properties().keySet()).contains("noise.pool.enabled", "noise.pool.max-size",
                "noise.pool.max-total", "noise.pool.max-age", "noise.pool.max-idle", "noise.pool.unbounded",
                "noise.pool.acquire-timeout", "noise.pool.leak-detection-threshold", "noise.pool.dial-timeout",
                "noise.pool.health-check-timeout", "noise.pool.max-concurrent-dials", "noise.pool.drain-timeout",
                "noise.pool.max-age-jitter", "noise.pool.dial-backoff.initial", "noise.pool.dial-backoff.max",
                "management.endpoint.noisepool.show-addresses", "management.endpoint.noisepool.roles",
                "management.health.noisepool.enabled");
    }

    @Test
    void everyKeyHasADescriptionWithoutItsDefault() throws Exception {
        properties().forEach((name, property) -> assertThat((String) property.get("description")).as(name)
                .isNotBlank().doesNotContainIgnoringCase("default"));
    }

    @Test
    void everyKeyStatesItsDefault() throws Exception {
        properties().forEach((name, property) -> assertThat(property).as(name).containsKey("defaultValue"));
    }

    @Test
    void everyStatedDefaultIsWhatTheCodeUses() throws Exception {
        String leftOut = effectiveSettings();
        properties().forEach((name, property) -> assertThat(effectiveSettings(name + "=" + text(property.get("defaultValue"))))
                .as("%s set to its documented default %s", name, property.get("defaultValue")).isEqualTo(leftOut));
    }

    /** Everything the keys can change, as one string: the pool's config, the drain, the endpoint, health. */
    private String effectiveSettings(String... properties) {
        AtomicReference<String> settings = new AtomicReference<>();
        this.runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasNotFailed();
            NoisePoolEndpointProperties endpoint = context.getBean(NoisePoolEndpointProperties.class);
            settings.set(String.join("; ",
                    context.getBeansOfType(Pool.class).values().stream().map(pool -> pool.config().toString())
                            .collect(Collectors.joining(",")),
                    "drain=" + context.getBean(NoisePoolLifecycleProperties.class).getDrainTimeout(),
                    "endpoint=" + context.containsBean("noisePoolEndpoint") + " " + endpoint.getShowAddresses() + " "
                            + endpoint.getRoles() + " " + context.getBeanNamesForType(NoisePoolEndpoint.class).length,
                    "health=" + context.containsBean("noisePoolHealthContributor")));
        });
        return settings.get();
    }

    private static String text(Object defaultValue) {
        return (defaultValue instanceof Collection<?> values)
                ? values.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(defaultValue);
    }

    /** Our keys from the metadata file in this module's output, which is what the jar holds. */
    private static Map<String, Map<String, Object>> properties() throws Exception {
        URL classes = NoisePoolProperties.class.getProtectionDomain().getCodeSource().getLocation();
        Path metadata = Path.of(classes.toURI()).resolve("META-INF/spring-configuration-metadata.json");
        try (InputStream in = metadata.toUri().toURL().openStream()) {
            List<Map<String, Object>> all = JsonPath.parse(in).read("$.properties");
            return all.stream().filter(property -> OURS.matcher((String) property.get("name")).matches())
                    .collect(Collectors.toMap(property -> (String) property.get("name"), property -> property));
        }
    }
}
