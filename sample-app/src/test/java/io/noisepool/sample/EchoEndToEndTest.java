package io.noisepool.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.noisepool.HealthCheck;
import io.noisepool.Pool;
import io.noisepool.ReadyCheck;
import io.noisepool.sample.noise.NoiseEchoPeer;
import io.noisepool.sample.noise.NoiseKeyPair;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The running sample over real HTTP, with the embedded peer and real Noise connections. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.client.dial-timeout=3s")
class EchoEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @LocalServerPort
    private int port;

    @Autowired
    private Pool pool;

    @Autowired
    private NoiseEchoPeer embeddedPeer;

    @Autowired
    private ReadyCheck readyCheck;

    @Autowired
    private HealthCheck healthCheck;

    private SampleHttp http;

    /** The Actuator API needs credentials; the sample's demo user may read it. */
    private SampleHttp actuator;

    @BeforeEach
    void client() {
        http = new SampleHttp(port);
        actuator = http.as(new SampleSecurityProperties().getUser());
    }

    @Test
    void concurrentEchoesAreAnsweredOverAtMostMaxSizeHandshakes() throws Exception {
        long handshakesBefore = handshakes();
        long successfulDialsBefore = successfulDials(actuator.get("/actuator/noisepool").body());
        int clients = 8;
        int perClient = 25;
        ExecutorService executor = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(executor.submit((Callable<Integer>) () -> {
                    start.await();
                    int correct = 0;
                    for (int i = 0; i < perClient; i++) {
                        String text = "client " + client + " message " + i;
                        HttpResponse<String> response = http.postEcho("", text.getBytes(StandardCharsets.UTF_8));
                        if (response.statusCode() == 200 && text.equals(JsonPath.read(response.body(), "$.reply"))) {
                            correct++;
                        }
                    }
                    return correct;
                }));
            }
            start.countDown();
            int correct = 0;
            for (Future<Integer> result : results) {
                correct += result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(correct).isEqualTo(clients * perClient);
        } finally {
            executor.shutdownNow();
        }

        long served = handshakes() - handshakesBefore;
        assertThat(served).isLessThanOrEqualTo(pool.config().maxSize());
        assertThat(pool.stats().inUse()).isZero();

        // The pool's successful dials in this test are the peer's handshakes, and the endpoint
        // and the Prometheus scrape, read at the same quiet moment, agree on every count.
        String endpoint = actuator.get("/actuator/noisepool").body();
        String scrape = actuator.get("/actuator/prometheus").body();
        long dials = ((Number) JsonPath.read(endpoint, "$.pools.noisePool.stats.dials")).longValue();
        long dialFailures = ((Number) JsonPath.read(endpoint, "$.pools.noisePool.stats.dialFailures")).longValue();
        int available = JsonPath.read(endpoint, "$.pools.noisePool.stats.available");
        assertThat(successfulDials(endpoint) - successfulDialsBefore).isEqualTo(served);
        assertThat(prometheus(scrape, "noise_pool_dial_seconds_count\\{outcome=\"success\",pool=\"noisePool\"}"))
                .isEqualTo(dials - dialFailures);
        assertThat(prometheus(scrape, "noise_pool_dial_seconds_count\\{outcome=\"failure\",pool=\"noisePool\"}"))
                .isEqualTo(dialFailures);
        assertThat(prometheus(scrape, "noise_pool_connections_idle_connections\\{pool=\"noisePool\"}"))
                .isEqualTo(available);
        assertThat(prometheus(scrape, "noise_pool_connections_active_connections\\{pool=\"noisePool\"}")).isZero();
    }

    @Test
    void secondEchoToAPeerReusesTheFirstConnection() throws Exception {
        try (NoiseEchoPeer other = NoiseEchoPeer.start(loopback(), NoiseKeyPair.generate(), TIMEOUT)) {
            String query = "?peer=127.0.0.1:" + other.address().getPort();
            HttpResponse<String> first = http.postEcho(query, "one".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> second = http.postEcho(query, "two".getBytes(StandardCharsets.UTF_8));

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat((String) JsonPath.read(first.body(), "$.connection")).isEqualTo("new");
            assertThat((String) JsonPath.read(second.body(), "$.connection")).isEqualTo("reused");
            assertThat((String) JsonPath.read(second.body(), "$.reply")).isEqualTo("two");
            assertThat(other.handshakes()).isEqualTo(1);
        }
    }

    @Test
    void largestBodyThatFitsOneNoiseMessageIsEchoed() throws Exception {
        byte[] body = "x".repeat(65519).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = http.postEcho("", body);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((Integer) JsonPath.read(response.body(), "$.bytes")).isEqualTo(65519);
    }

    @Test
    void bodyOverOneNoiseMessageIs413() throws Exception {
        assertProblem(http.postEcho("", new byte[65520]), 413, "BODY_TOO_LARGE");
    }

    @Test
    void badPeerAddressIs400() throws Exception {
        assertProblem(http.postEcho("?peer=not-an-address", new byte[] {1}), 400, "BAD_PEER_ADDRESS");
        assertProblem(http.postEcho("?peer=127.0.0.1:99999", new byte[] {1}), 400, "BAD_PEER_ADDRESS");
    }

    @Test
    void unreachablePeerIs502() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertProblem(http.postEcho("?peer=127.0.0.1:" + closedPort, new byte[] {1}), 502, "PEER_UNREACHABLE");
    }

    @Test
    void peerThatFailsTheHandshakeIs502() throws Exception {
        try (ScriptedServer garbage = new ScriptedServer(socket -> {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0, 4, 'j', 'u', 'n', 'k'});
            out.flush();
        })) {
            assertProblem(http.postEcho("?peer=127.0.0.1:" + garbage.port(), new byte[] {1}), 502, "HANDSHAKE_FAILED");
        }
    }

    @Test
    void peerThatStallsTheHandshakeIs504() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedServer silent = new ScriptedServer(socket -> release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS))) {
            assertProblem(http.postEcho("?peer=127.0.0.1:" + silent.port(), new byte[] {1}), 504, "PEER_TIMEOUT");
        } finally {
            release.countDown();
        }
    }

    @Test
    void poolTakesTheSamplesReadyAndHealthChecks() {
        assertThat(pool.config().readyCheck()).isSameAs(readyCheck);
        assertThat(pool.config().healthCheck()).isSameAs(healthCheck);
    }

    @Test
    void peerStatsReportTheEmbeddedPeer() throws Exception {
        http.postEcho("", new byte[] {1});
        String stats = http.get("/peers/stats").body();
        assertThat(((Number) JsonPath.read(stats, "$.handshakes")).longValue()).isEqualTo(embeddedPeer.handshakes()).isPositive();
        assertThat((String) JsonPath.read(stats, "$.publicKey")).isEqualTo(NoiseKeyPair.toHex(embeddedPeer.publicKey()));
    }

    private void assertProblem(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat((String) JsonPath.read(response.body(), "$.reason")).isEqualTo(reason);
        assertThat((Integer) JsonPath.read(response.body(), "$.status")).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception\n\tat ", "\tat io.noisepool");
        assertThat(pool.stats().inUse()).isZero();
    }

    private static long successfulDials(String endpoint) {
        long dials = ((Number) JsonPath.read(endpoint, "$.pools.noisePool.stats.dials")).longValue();
        return dials - ((Number) JsonPath.read(endpoint, "$.pools.noisePool.stats.dialFailures")).longValue();
    }

    private long handshakes() throws Exception {
        return ((Number) JsonPath.read(http.get("/peers/stats").body(), "$.handshakes")).longValue();
    }

    private static double prometheus(String scrape, String seriesRegex) {
        Matcher m = Pattern.compile("^" + seriesRegex + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        assertThat(m.find()).as("series %s in the scrape", seriesRegex).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** Accepts connections and runs a script on each, for peers that misbehave on purpose. */
    static final class ScriptedServer implements AutoCloseable {

        @FunctionalInterface
        interface Script {
            void run(Socket socket) throws Exception;
        }

        private final ServerSocket server;

        ScriptedServer(Script script) throws IOException {
            server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        script.run(socket);
                    } catch (Exception e) {
                        // Closed by the test, or the client hung up: either way the next accept decides.
                    }
                }
            }, "scripted-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
