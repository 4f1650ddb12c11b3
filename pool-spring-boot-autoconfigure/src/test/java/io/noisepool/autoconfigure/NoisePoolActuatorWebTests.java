package io.noisepool.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import io.noisepool.Pool;
import io.noisepool.PooledConnection;
import io.noisepool.autoconfigure.endpoint.ConnectionDescriptor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The endpoint, health and metrics of an auto-configured pool, read over real HTTP from a real
 * server, while a connection dialed to a real loopback server is checked out.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=noisepool,health,metrics",
        "management.endpoint.health.show-details=always", "spring.web.error.include-message=always"})
class NoisePoolActuatorWebTests {

    @Autowired
    private Pool pool;

    @LocalServerPort
    private int port;

    @RegisterExtension
    final LoopbackServer server = new LoopbackServer();

    private ActuatorClient http;

    @BeforeEach
    void connectClient() {
        this.http = new ActuatorClient(this.port);
    }

    @AfterEach
    void closeIdleConnections() {
        this.pool.evictIdle(null);
    }

    @Test
    void endpointShowsTheCheckedOutConnectionWithItsAddressMasked() throws Exception {
        try (PooledConnection ignored = this.pool.getOrDial(this.server.address(), this.server.dialer())) {
            DocumentContext json = this.http.json("/actuator/noisepool");

            assertThat(json.read("$.pools", Map.class)).containsOnlyKeys("noisePool");
            assertThat(json.read("$.pools.noisePool.stats", Map.class)).containsEntry("total", 1)
                    .containsEntry("inUse", 1).containsEntry("available", 0).containsEntry("addresses", 1)
                    .containsEntry("pending", 0);
            assertThat(json.read("$.pools.noisePool.config", Map.class)).containsEntry("maxSize", 10)
                    .containsEntry("maxTotal", 0).containsEntry("maxAge", "PT30M").containsEntry("maxIdle", "PT5M")
                    .containsEntry("unbounded", false).containsEntry("acquireTimeout", "PT0S")
                    .containsEntry("leakDetectionThreshold", "PT0S").containsEntry("dialTimeout", "PT30S")
                    .containsEntry("healthCheckTimeout", "PT5S").containsEntry("maxConcurrentDials", 1)
                    .containsEntry("maxAgeJitter", 0.0).containsEntry("dialBackoffInitial", "PT0S")
                    .containsEntry("dialBackoffMax", "PT2M").containsEntry("keepaliveInterval", "PT0S");
            List<Map<String, Object>> connections = json.read("$.pools.noisePool.connections");
            assertThat(connections).singleElement().satisfies(connection -> {
                assertThat(connection).containsEntry("address", ConnectionDescriptor.MASK).containsEntry("inUse", true)
                        .containsEntry("idle", "PT0S");
                assertThat(Instant.parse((String) connection.get("createdAt"))).isBeforeOrEqualTo(Instant.now());
                assertThat(Instant.parse((String) connection.get("lastUsedAt"))).isBeforeOrEqualTo(Instant.now());
                assertThat(Duration.parse((String) connection.get("age")).isNegative()).isFalse();
                assertThat(Duration.parse((String) connection.get("checkedOutFor")).isNegative()).isFalse();
            });
            DocumentContext single = this.http.json("/actuator/noisepool/noisePool");
            assertThat(single.read("$.stats", Map.class)).isEqualTo(json.read("$.pools.noisePool.stats", Map.class));
            assertThat(single.read("$.config", Map.class)).isEqualTo(json.read("$.pools.noisePool.config", Map.class));
            assertThat(single.read("$.connections[*].inUse", List.class)).containsExactly(true);
        }
    }

    @Test
    void unknownPoolIsNotFoundAndCreatesNothing() throws Exception {
        assertThat(this.http.get("/actuator/noisepool/nope").statusCode()).isEqualTo(404);
        assertThat(this.http.delete("/actuator/noisepool/nope").statusCode()).isEqualTo(404);
        assertThat(this.http.json("/actuator/noisepool").read("$.pools", Map.class))
                .containsOnlyKeys("noisePool");
    }

    @Test
    void deleteClosesIdleConnectionsOfOneAddressThenAll() throws Exception {
        try (LoopbackServer other = new LoopbackServer()) {
            this.pool.getOrDial(this.server.address(), this.server.dialer()).close();
            this.pool.getOrDial(other.address(), other.dialer()).close();
            try (PooledConnection busy = this.pool.getOrDial(other.address(), other.dialer())) {
                assertThat(this.pool.stats().total()).isEqualTo(2);
                assertThat(this.pool.stats().inUse()).isEqualTo(1);

                var one = this.http.delete("/actuator/noisepool/noisePool?address=" + this.server.address());
                assertThat(one.statusCode()).isEqualTo(200);
                assertThat(one.body()).isEqualTo("{\"closed\":1}");

                var rest = this.http.delete("/actuator/noisepool/noisePool");
                assertThat(rest.body()).isEqualTo("{\"closed\":0}");
                assertThat(this.pool.stats().total()).as("the checked-out one is left alone").isEqualTo(1);
            }
            assertThat(this.http.delete("/actuator/noisepool/noisePool").body()).isEqualTo("{\"closed\":1}");
            assertThat(this.pool.stats().total()).isZero();
        }
    }

    @Test
    void blankAddressIsABadRequest() throws Exception {
        var response = this.http.delete("/actuator/noisepool/noisePool?address=");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Parameter 'address' must be a pool key such as host:port");
    }

    @Test
    void healthShowsThePoolUpWithItsStats() throws Exception {
        try (PooledConnection ignored = this.pool.getOrDial(this.server.address(), this.server.dialer())) {
            DocumentContext json = this.http.json("/actuator/health");

            assertThat(json.read("$.components.noisePool.status", String.class)).isEqualTo("UP");
            assertThat(json.read("$.components.noisePool.details", Map.class)).containsEntry("total", 1)
                    .containsEntry("inUse", 1).containsEntry("available", 0);
        }
    }

    @Test
    void metricsCountTheCheckedOutConnectionAndItsDial() throws Exception {
        double dialsBefore = count("/actuator/metrics/noise.pool.acquire?tag=pool:noisePool&tag=outcome:dialed");
        try (PooledConnection ignored = this.pool.getOrDial(this.server.address(), this.server.dialer())) {
            DocumentContext active = this.http.json("/actuator/metrics/noise.pool.connections.active");

            assertThat(active.read("$.baseUnit", String.class)).isEqualTo("connections");
            assertThat(active.read("$.measurements[?(@.statistic == 'VALUE')].value", List.class))
                    .containsExactly(1.0);
            assertThat(active.read("$.availableTags[?(@.tag == 'pool')].values[*]", List.class))
                    .containsExactly("noisePool");
            assertThat(count("/actuator/metrics/noise.pool.acquire?tag=pool:noisePool&tag=outcome:dialed"))
                    .isEqualTo(dialsBefore + 1);
        }
        assertThat(this.http.json("/actuator/metrics/noise.pool.connections.idle")
                .read("$.measurements[0].value", Double.class)).isEqualTo(1.0);
    }

    private double count(String path) throws Exception {
        List<Double> counts = this.http.json(path).read("$.measurements[?(@.statistic == 'COUNT')].value");
        return counts.get(0);
    }
}
