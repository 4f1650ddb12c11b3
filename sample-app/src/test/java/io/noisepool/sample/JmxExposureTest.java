package io.noisepool.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the sample exposes over JMX, read from the JVM's own MBean server: nothing while JMX is off
 * (the sample's default), health only once an operator switches JMX on, even with every endpoint
 * included, and the noisepool endpoint only when the operator also clears its exclusion.
 */
class JmxExposureTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void nothingIsExposedWhileJmxIsOff() throws Exception {
        String domain = "noisepool.test.off";
        try (ConfigurableApplicationContext ignored = start(domain)) {
            assertThat(endpoints(domain)).isEmpty();
        }
    }

    @Test
    void withJmxOnTheNoisepoolEndpointStaysOffEvenWhenEveryEndpointIsIncluded() throws Exception {
        String domain = "noisepool.test.on";
        try (ConfigurableApplicationContext ignored = start(domain, "--spring.jmx.enabled=true",
                "--management.endpoints.jmx.exposure.include=*")) {
            assertThat(endpoints(domain)).contains("Health").doesNotContain("Noisepool");
        }
    }

    @Test
    void anOperatorWhoClearsTheExclusionGetsTheNoisepoolEndpoint() throws Exception {
        String domain = "noisepool.test.optin";
        try (ConfigurableApplicationContext ignored = start(domain, "--spring.jmx.enabled=true",
                "--management.endpoints.jmx.exposure.include=health,noisepool",
                "--management.endpoints.jmx.exposure.exclude=")) {
            assertThat(endpoints(domain)).containsExactlyInAnyOrder("Health", "Noisepool");
        }
    }

    private static ConfigurableApplicationContext start(String domain, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--server.port=0";
        all[1] = "--management.endpoints.jmx.domain=" + domain;
        System.arraycopy(args, 0, all, 2, args.length);
        return new SpringApplicationBuilder(SampleApplication.class).run(all);
    }

    private Set<String> endpoints(String domain) throws Exception {
        Set<String> names = new TreeSet<>();
        for (ObjectName name : server.queryNames(new ObjectName(domain + ":type=Endpoint,*"), null)) {
            names.add(name.getKeyProperty("name"));
        }
        return names;
    }
}
