package io.noisepool.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.noisepool.Pool;
import io.noisepool.PooledConnection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With {@code show-addresses: always}, the endpoint shows peer addresses over HTTP; and the
 * application's own Jackson settings do not change the endpoint's JSON.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=noisepool",
        "management.endpoint.noisepool.show-addresses=always",
        "spring.jackson.property-naming-strategy=SNAKE_CASE"})
class NoisePoolShowAddressesWebTests {

    @Autowired
    private Pool pool;

    @LocalServerPort
    private int port;

    @AfterEach
    void closeIdleConnections() {
        this.pool.evictIdle(null);
    }

    @Test
    void addressesAreShownWhenConfiguredToAlwaysShow() throws Exception {
        try (LoopbackServer server = new LoopbackServer();
                PooledConnection ignored = this.pool.getOrDial(server.address(), server.dialer())) {
            List<String> addresses = new ActuatorClient(this.port).json("/actuator/noisepool")
                    .read("$.pools.noisePool.connections[*].address");

            assertThat(addresses).containsExactly(server.address());
        }
    }

    @Test
    void applicationJacksonSettingsDoNotRenameTheEndpointsFields() throws Exception {
        try (LoopbackServer server = new LoopbackServer();
                PooledConnection ignored = this.pool.getOrDial(server.address(), server.dialer())) {
            ActuatorClient http = new ActuatorClient(this.port);
            Map<String, Object> stats = http.json("/actuator/noisepool").read("$.pools.noisePool.stats");
            Map<String, Object> single = http.json("/actuator/noisepool/noisePool").read("$.config");

            assertThat(stats).containsEntry("inUse", 1).containsKey("dialFailures").doesNotContainKey("in_use");
            assertThat(single).containsKeys("maxSize", "acquireTimeout").doesNotContainKey("max_size");
        }
    }
}
