package io.noisepool.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.noisepool.Pool;
import io.noisepool.PooledConnection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With {@code show-addresses: always}, the endpoint shows peer addresses over HTTP. */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=noisepool",
        "management.endpoint.noisepool.show-addresses=always"})
class NoisePoolShowAddressesWebTests {

    @Autowired
    private Pool pool;

    @LocalServerPort
    private int port;

    @Test
    void addressesAreShownWhenConfiguredToAlwaysShow() throws Exception {
        try (LoopbackServer server = new LoopbackServer();
                PooledConnection ignored = this.pool.getOrDial(server.address(), server.dialer())) {
            List<String> addresses = new ActuatorClient(this.port).json("/actuator/noisepool")
                    .read("$.pools.noisePool.connections[*].address");

            assertThat(addresses).containsExactly(server.address());
        }
    }
}
