package io.noisepool.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.noisepool.ConnPool;
import io.noisepool.Pool;
import io.noisepool.PoolConfig;
import io.noisepool.autoconfigure.NoisePoolAutoConfiguration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class NoisePoolHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(NoisePoolAutoConfiguration.class, HealthContributorAutoConfiguration.class,
                    NoisePoolHealthContributorAutoConfiguration.class));

    @Test
    void singlePoolIsUpWhileOpenAndDownOnceClosed() {
        this.runner.run(context -> {
            HealthIndicator indicator = context.getBean("noisePoolHealthContributor", HealthIndicator.class);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            assertThat(indicator.health().getDetails()).containsEntry("total", 0).containsEntry("inUse", 0)
                    .containsKeys("available", "addresses", "pending", "dialing", "dials", "dialFailures", "evictions",
                            "backingOff");

            context.getBean(Pool.class).close();

            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void severalPoolsShowAsACompositeKeyedByBeanName() {
        this.runner.withUserConfiguration(TwoPools.class).run(context -> {
            HealthContributor contributor = context.getBean("noisePoolHealthContributor", HealthContributor.class);
            assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
            assertThat(((CompositeHealthContributor) contributor).stream()
                    .map(entry -> entry.name()).collect(Collectors.toSet())).containsExactlyInAnyOrder("inbound",
                            "outbound");
        });
    }

    @Test
    void disabledByProperty() {
        this.runner.withPropertyValues("management.health.noisepool.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("noisePoolHealthContributor"));
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoPools {

        @Bean
        Pool inbound() {
            return new ConnPool(PoolConfig.builder().build());
        }

        @Bean
        Pool outbound() {
            return new ConnPool(PoolConfig.builder().build());
        }
    }
}
