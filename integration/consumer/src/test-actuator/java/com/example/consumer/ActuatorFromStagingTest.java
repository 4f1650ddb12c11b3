package com.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.noisepool.Conn;
import io.noisepool.Pool;
import io.noisepool.PooledConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The second build, with Actuator: the starter's endpoint and its {@code noise.pool} meters, read
 * over real HTTP from the application's own server while a connection is checked out.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=noisepool,metrics")
class ActuatorFromStagingTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private Pool pool;

    @LocalServerPort
    private int port;

    @Test
    void endpointAndMetersShowTheCheckedOutConnection() throws Exception {
        try (EchoServer server = new EchoServer();
                PooledConnection ignored = pool.getOrDial("127.0.0.1:" + server.address().getPort(),
                        timeout -> Conn.of(SocketChannel.open(server.address())))) {
            DocumentContext endpoint = get("/actuator/noisepool");
            assertThat(endpoint.read("$.pools.noisePool.stats", Map.class)).containsEntry("total", 1)
                    .containsEntry("inUse", 1).containsEntry("dials", 1);
            assertThat(endpoint.read("$.pools.noisePool.config.maxSize", Integer.class))
                    .as("application.yml's noise.pool.max-size").isEqualTo(2);

            DocumentContext meters = get("/actuator/metrics");
            assertThat(meters.read("$.names", List.class)).contains("noise.pool.connections.active",
                    "noise.pool.connections.idle", "noise.pool.acquire", "noise.pool.dial");
            DocumentContext active = get("/actuator/metrics/noise.pool.connections.active?tag=pool:noisePool");
            assertThat(active.read("$.measurements[0].value", Double.class)).isEqualTo(1.0);
        } finally {
            pool.evictIdle(null);
        }
    }

    private DocumentContext get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s answered %s", path, response.body()).isEqualTo(200);
        return JsonPath.parse(response.body());
    }
}
