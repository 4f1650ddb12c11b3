package io.noisepool.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.noisepool.Pool;
import io.noisepool.autoconfigure.LoopbackServer;
import io.noisepool.autoconfigure.NoisePoolAutoConfiguration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The endpoint as a real MBean, called through the MBean server: JMX has no security principal,
 * so, as in Boot's own endpoints, {@code when-authorized} counts as authorized there.
 */
class NoisePoolEndpointJmxTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JmxAutoConfiguration.class, EndpointAutoConfiguration.class,
                    JmxEndpointAutoConfiguration.class, NoisePoolAutoConfiguration.class,
                    NoisePoolEndpointAutoConfiguration.class))
            .withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=noisepool",
                    "management.endpoints.jmx.domain=noisepool.jmxtest", "spring.jmx.unique-names=true");

    @RegisterExtension
    final LoopbackServer server = new LoopbackServer();

    @Test
    void whenAuthorizedShowsAddressesOverJmx() {
        this.runner.withPropertyValues("management.endpoint.noisepool.show-addresses=when-authorized",
                "management.endpoint.noisepool.roles=ADMIN").run(context -> {
                    context.getBean(Pool.class).getOrDial(this.server.address(), this.server.dialer()).close();

                    assertThat(addresses(invokePools(context.getBean(MBeanServer.class))))
                            .containsExactly(this.server.address());
                });
    }

    @Test
    void neverMasksAddressesOverJmx() {
        this.runner.run(context -> {
            context.getBean(Pool.class).getOrDial(this.server.address(), this.server.dialer()).close();

            assertThat(addresses(invokePools(context.getBean(MBeanServer.class))))
                    .containsExactly(ConnectionDescriptor.MASK);
        });
    }

    private static Object invokePools(MBeanServer mBeanServer) throws Exception {
        Set<ObjectName> names = mBeanServer.queryNames(new ObjectName("noisepool.jmxtest:type=Endpoint,*"), null);
        assertThat(names).hasSize(1);
        return mBeanServer.invoke(names.iterator().next(), "pools", new Object[0], new String[0]);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> addresses(Object pools) {
        Map<String, Object> byName = (Map<String, Object>) ((Map<String, Object>) pools).get("pools");
        Map<String, Object> pool = (Map<String, Object>) byName.get("noisePool");
        return ((List<Map<String, Object>>) pool.get("connections")).stream().map(c -> c.get("address")).toList();
    }
}
