package io.noisepool.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.noisepool.Pool;
import io.noisepool.PooledConnection;
import io.noisepool.sample.noise.NoiseDialer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The sample warms two connections to its embedded peer before it reports ready, so that the first
 * echo is served by a pooled connection. Read over real HTTP while the application starts.
 */
class WarmUpReadinessTest {

    private static final long TIMEOUT_SECONDS = 60;

    /** Opens the dial turn that {@link HoldTheDialTurn} holds; one test at a time uses it. */
    static volatile CountDownLatch release = new CountDownLatch(1);
    static volatile Pool startingPool;

    private ConfigurableApplicationContext context;

    @AfterEach
    void close() {
        release.countDown();
        if (context != null) {
            context.close();
        }
    }

    @Test
    void readinessIsDownUntilTheWarmUpEndsAndTheFirstEchoIsServedByAPooledConnection() throws Exception {
        release = new CountDownLatch(1);
        CompletableFuture<Integer> port = new CompletableFuture<>();
        CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture.supplyAsync(
                () -> new SpringApplicationBuilder(SampleApplication.class, HoldTheDialTurn.class)
                        .listeners((ApplicationListener<WebServerInitializedEvent>) event ->
                                port.complete(event.getWebServer().getPort()))
                        .run("--server.port=0", "--spring.main.banner-mode=off"));
        SampleHttp http = new SampleHttp(port.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));

        // The warm-up waits for the dial turn a caller holds: it has begun, and has not ended.
        await().atMost(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .until(() -> startingPool != null && startingPool.stats().pending() == 1);
        HttpResponse<String> notReady = http.get("/actuator/health/readiness");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat((String) JsonPath.read(notReady.body(), "$.status")).isEqualTo("OUT_OF_SERVICE");
        assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);

        release.countDown();
        context = starting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Pool pool = context.getBean(Pool.class);

        HttpResponse<String> ready = http.get("/actuator/health/readiness");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(ready.body(), "$.status")).isEqualTo("UP");
        assertThat(pool.stats().available()).as("warm: two idle connections").isEqualTo(2);
        long dials = pool.stats().dials();

        HttpResponse<String> echo = http.postEcho("", "first".getBytes(StandardCharsets.UTF_8));

        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(echo.body(), "$.connection")).isEqualTo("reused");
        assertThat(pool.stats().dials()).as("the first echo dials nothing").isEqualTo(dials);
    }

    /**
     * Before the warm-up runs, a caller starts a dial to the embedded peer and holds it until the
     * test opens {@link #release}: with one dial at a time per address, the warm-up waits its turn.
     */
    @Configuration(proxyBeanMethods = false)
    static class HoldTheDialTurn {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        ApplicationRunner holdTheDialTurn(Pool pool, NoiseDialer dialer, PeerTrust trust) {
            return args -> {
                startingPool = pool;
                PeerAddress peer = PeerAddress.parse(trust.embeddedAddress());
                CountDownLatch dialing = new CountDownLatch(1);
                Thread caller = new Thread(() -> {
                    PooledConnection held = pool.getOrDial(peer.key(), Duration.ofSeconds(TIMEOUT_SECONDS), timeout -> {
                        dialing.countDown();
                        release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        return dialer.dial(peer.resolve(), trust.policyFor(peer), timeout);
                    });
                    held.close();
                }, "hold-the-dial-turn");
                caller.setDaemon(true);
                caller.start();
                dialing.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            };
        }
    }
}
