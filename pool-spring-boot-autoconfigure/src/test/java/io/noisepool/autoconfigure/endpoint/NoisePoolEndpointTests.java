package io.noisepool.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.noisepool.ConnPool;
import io.noisepool.PoolConfig;
import io.noisepool.PooledConnection;
import io.noisepool.autoconfigure.LoopbackServer;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

class NoisePoolEndpointTests {

    private final ConnPool pool = new ConnPool(PoolConfig.builder().build());
    @RegisterExtension
    final LoopbackServer server = new LoopbackServer();

    @AfterEach
    void closePool() {
        this.pool.close();
    }

    @Test
    void whenAuthorizedShowsAddressesOverHttpOnlyToCallersWithARole() {
        NoisePoolEndpoint endpoint = new NoisePoolEndpoint(Map.of("edge", this.pool), Show.WHEN_AUTHORIZED,
                Clock.systemUTC());
        NoisePoolEndpointWebExtension web = new NoisePoolEndpointWebExtension(endpoint, Show.WHEN_AUTHORIZED,
                Set.of("OPS"));
        this.pool.getOrDial(this.server.address(), this.server.dialer()).close();

        assertThat(address(web.pool(caller("OPS"), "edge").getBody())).isEqualTo(this.server.address());
        assertThat(address(web.pool(caller("DEV"), "edge").getBody())).isEqualTo(ConnectionDescriptor.MASK);
        assertThat(address(web.pool(SecurityContext.NONE, "edge").getBody())).isEqualTo(ConnectionDescriptor.MASK);
        assertThat(web.pools(caller("DEV")).pools().get("edge").connections().get(0).address())
                .isEqualTo(ConnectionDescriptor.MASK);
    }

    @Test
    void webExtensionAnswersNotFoundForAnUnknownPool() {
        NoisePoolEndpoint endpoint = new NoisePoolEndpoint(Map.of("edge", this.pool), Show.NEVER, Clock.systemUTC());
        NoisePoolEndpointWebExtension web = new NoisePoolEndpointWebExtension(endpoint, Show.NEVER, Set.of());

        assertThat(web.pool(SecurityContext.NONE, "other").getStatus()).isEqualTo(404);
        assertThat(web.evictIdle("other", null).getStatus()).isEqualTo(404);
    }

    @Test
    void idleConnectionReportsAgeAndIdleTimeAgainstTheClock() {
        this.pool.getOrDial(this.server.address(), this.server.dialer()).close();
        Instant lastUsed = this.pool.snapshot().get(0).lastUsedAt();
        Clock later = Clock.fixed(lastUsed.plus(Duration.ofMinutes(2)), ZoneOffset.UTC);
        NoisePoolEndpoint endpoint = new NoisePoolEndpoint(Map.of("edge", this.pool), Show.NEVER, later);

        ConnectionDescriptor connection = endpoint.pool("edge").connections().get(0);

        assertThat(connection.inUse()).isFalse();
        assertThat(connection.idle()).isEqualTo("PT2M");
        assertThat(Duration.parse(connection.age())).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
        assertThat(connection.checkedOutFor()).isNull();
    }

    @Test
    void checkedOutConnectionReportsHowLongItHasBeenOut() {
        NoisePoolEndpoint endpoint = new NoisePoolEndpoint(Map.of("edge", this.pool), Show.NEVER, Clock.systemUTC());
        try (PooledConnection lease = this.pool.getOrDial(this.server.address(), this.server.dialer())) {
            ConnectionDescriptor connection = endpoint.pool("edge").connections().get(0);

            assertThat(connection.inUse()).isTrue();
            assertThat(Duration.parse(connection.checkedOutFor()).isNegative()).isFalse();
        }
    }

    @Test
    void unknownPoolYieldsNothing() {
        NoisePoolEndpoint endpoint = new NoisePoolEndpoint(Map.of("edge", this.pool), Show.ALWAYS, Clock.systemUTC());

        assertThat(endpoint.pool("other")).isNull();
        assertThat(endpoint.evictIdle("other", null)).isNull();
        assertThat(endpoint.pools().pools()).containsOnlyKeys("edge");
    }

    private static String address(PoolDescriptor pool) {
        return pool.connections().get(0).address();
    }

    private static SecurityContext caller(String role) {
        return new SecurityContext() {
            @Override
            public Principal getPrincipal() {
                return () -> "operator";
            }

            @Override
            public boolean isUserInRole(String candidate) {
                return role.equals(candidate);
            }
        };
    }
}
