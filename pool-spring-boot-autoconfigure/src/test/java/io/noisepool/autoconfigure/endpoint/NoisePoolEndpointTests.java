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
    void whenAuthorizedShowsAddressesOnlyToCallersWithARole() {
        NoisePoolEndpoint endpoint = new NoisePoolEndpoint(Map.of("edge", this.pool), Show.WHEN_AUTHORIZED,
                Set.of("OPS"), Clock.systemUTC());
        this.pool.getOrDial(this.server.address(), this.server.dialer()).close();

        assertThat(address(endpoint.pool(caller("OPS"), "edge"))).isEqualTo(this.server.address());
        assertThat(address(endpoint.pool(caller("DEV"), "edge"))).isEqualTo(ConnectionDescriptor.MASK);
        assertThat(address(endpoint.pool(SecurityContext.NONE, "edge"))).isEqualTo(ConnectionDescriptor.MASK);
    }

    @Test
    void idleConnectionReportsAgeAndIdleTimeAgainstTheClock() {
        this.pool.getOrDial(this.server.address(), this.server.dialer()).close();
        Instant lastUsed = this.pool.snapshot().get(0).lastUsedAt();
        Clock later = Clock.fixed(lastUsed.plus(Duration.ofMinutes(2)), ZoneOffset.UTC);
        NoisePoolEndpoint endpoint = new NoisePoolEndpoint(Map.of("edge", this.pool), Show.NEVER, Set.of(), later);

        ConnectionDescriptor connection = endpoint.pool(SecurityContext.NONE, "edge").connections().get(0);

        assertThat(connection.inUse()).isFalse();
        assertThat(connection.idle()).isEqualTo("PT2M");
        assertThat(Duration.parse(connection.age())).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void unknownPoolYieldsNothing() {
        NoisePoolEndpoint endpoint = new NoisePoolEndpoint(Map.of("edge", this.pool), Show.ALWAYS, Set.of(),
                Clock.systemUTC());

        assertThat(endpoint.pool(SecurityContext.NONE, "other")).isNull();
        assertThat(endpoint.evictIdle("other", null)).isNull();
        assertThat(endpoint.pools(SecurityContext.NONE).pools()).containsOnlyKeys("edge");
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
