package io.noisepool.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.noisepool.Pool;
import io.noisepool.sample.noise.NoiseEchoPeer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 14: with keepalive on, connections the peer closed while they sat idle (as a peer restart
 * does) leave the pool within about one keepalive interval, found by the sample's health check,
 * and the next echo runs on a fresh connection.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "noise.pool.keepalive-interval=200ms")
class KeepaliveEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    private int port;

    @Autowired
    private Pool pool;

    @Autowired
    private NoiseEchoPeer embeddedPeer;

    @Test
    void connectionsThePeerClosedWhileIdleLeaveThePoolAndTheNextEchoSucceedsOnAFreshOne() throws Exception {
        SampleHttp http = new SampleHttp(port);
        List<CompletableFuture<HttpResponse<String>>> echoes = IntStream.range(0, 4)
                .mapToObj(i -> http.echoAsync("", ("hello " + i).getBytes(StandardCharsets.UTF_8))).toList();
        echoes.forEach(echo -> assertThat(echo.join().statusCode()).isEqualTo(200));
        await().atMost(TIMEOUT).until(() -> pool.stats().inUse() == 0 && embeddedPeer.openConnections() > 0);
        assertThat(pool.stats().total()).isPositive();
        long handshakes = embeddedPeer.handshakes();

        embeddedPeer.dropConnections();

        await().atMost(TIMEOUT).until(() -> pool.stats().total() == 0);
        HttpResponse<String> echo = http.postEcho("", "after the restart".getBytes(StandardCharsets.UTF_8));
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(echo.body(), "$.reply")).isEqualTo("after the restart");
        assertThat((String) JsonPath.read(echo.body(), "$.connection")).isEqualTo("new");
        assertThat(embeddedPeer.handshakes()).isGreaterThan(handshakes);
    }
}
