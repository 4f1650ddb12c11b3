package io.noisepool.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.noisepool.Pool;
import io.noisepool.sample.noise.NoiseEchoPeer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Who may do what with the Actuator API, over real HTTP, with accounts configured as an operator
 * would (the admin's password given already encoded). Addresses show only to the role named in
 * {@code management.endpoint.noisepool.roles}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "sample.security.user.name=ops", "sample.security.user.password=ops-secret",
        "sample.security.admin.name=root", "sample.security.admin.password={noop}root-secret",
        "management.endpoint.noisepool.show-addresses=when-authorized",
        "management.endpoint.noisepool.roles=ADMIN"})
class ActuatorSecurityTest {

    private static final String POOL = "/actuator/noisepool";
    private static final String EVICT = POOL + "/noisePool";

    @LocalServerPort
    private int port;

    @Autowired
    private Pool pool;

    @Autowired
    private NoiseEchoPeer embeddedPeer;

    private SampleHttp anonymous;
    private SampleHttp user;
    private SampleHttp admin;

    @BeforeEach
    void clientsWithAnIdleConnection() throws Exception {
        anonymous = new SampleHttp(port);
        user = anonymous.as("ops", "ops-secret");
        admin = anonymous.as("root", "root-secret");
        assertThat(anonymous.postEcho("", new byte[] {1}).statusCode()).isEqualTo(200);
        assertThat(pool.stats().available()).isPositive();
    }

    @Test
    void anonymousReadIs401WithABasicChallenge() throws Exception {
        HttpResponse<String> response = anonymous.get(POOL);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
        assertThat(response.body()).doesNotContain(embeddedAddress());
    }

    @Test
    void wrongPasswordIs401() throws Exception {
        assertThat(anonymous.as("ops", "not-the-password").get(POOL).statusCode()).isEqualTo(401);
        assertThat(anonymous.as("root", "{noop}root-secret").get(POOL).statusCode()).isEqualTo(401);
    }

    @Test
    void metricsAndPrometheusNeedAUserToo() throws Exception {
        assertThat(anonymous.get("/actuator/metrics").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(user.get("/actuator/metrics").statusCode()).isEqualTo(200);
        assertThat(user.get("/actuator/prometheus").body()).contains("noise_pool_connections_idle");
    }

    @Test
    void anonymousDeleteIs401AndEvictsNothing() throws Exception {
        assertDeleteRefused(anonymous, 401);
    }

    @Test
    void plainUserReadsThePoolWithAddressesMasked() throws Exception {
        HttpResponse<String> response = user.get(POOL);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> addresses = JsonPath.read(response.body(), "$.pools.noisePool.connections[*].address");
        assertThat(addresses).isNotEmpty().containsOnly("******");
        assertThat(response.body()).doesNotContain(embeddedAddress());
    }

    @Test
    void adminHoldingTheConfiguredRoleSeesTheAddresses() throws Exception {
        HttpResponse<String> response = admin.get(EVICT);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> addresses = JsonPath.read(response.body(), "$.connections[*].address");
        assertThat(addresses).isNotEmpty().contains(embeddedAddress()).doesNotContain("******");
    }

    @Test
    void plainUserDeleteIs403AndEvictsNothing() throws Exception {
        assertDeleteRefused(user, 403);
    }

    @Test
    void adminDeleteEvictsTheIdleConnections() throws Exception {
        int idle = pool.stats().available();
        HttpResponse<String> response = admin.delete(EVICT);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((Integer) JsonPath.read(response.body(), "$.closed")).isEqualTo(idle);
        assertThat(pool.stats().available()).isZero();
    }

    @Test
    void healthIsOpenToAnonymousWithDetailsForUsersOnly() throws Exception {
        HttpResponse<String> health = anonymous.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(health.body(), "$.status")).isEqualTo("UP");
        HttpResponse<String> component = anonymous.get("/actuator/health/noisePool");
        assertThat(component.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(component.body(), "$.status")).isEqualTo("UP");
        assertThat(component.body()).doesNotContain("details");
        Integer available = JsonPath.read(user.get("/actuator/health/noisePool").body(), "$.details.available");
        assertThat(available).isEqualTo(pool.stats().available());
    }

    @Test
    void demoApiStaysOpenToAnonymous() throws Exception {
        HttpResponse<String> echo = anonymous.postEcho("", "open".getBytes(StandardCharsets.UTF_8));
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(echo.body(), "$.reply")).isEqualTo("open");
        assertThat(anonymous.get("/peers/stats").statusCode()).isEqualTo(200);
    }

    private void assertDeleteRefused(SampleHttp caller, int status) throws Exception {
        int idle = pool.stats().available();
        assertThat(caller.delete(EVICT).statusCode()).isEqualTo(status);
        assertThat(pool.stats().available()).isEqualTo(idle);
    }

    private String embeddedAddress() {
        return PeerAddress.of(embeddedPeer.address()).key();
    }
}
