package io.noisepool.sample;

import io.noisepool.Pool;
import io.noisepool.PoolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.stereotype.Component;

/**
 * Dials {@code sample.peer.warm-up-connections} connections to the embedded peer at start-up, so
 * that the first echoes are served by pooled connections instead of paying a handshake each.
 *
 * <p>An {@link ApplicationRunner}: Spring Boot reports the application ready (readiness state
 * {@code ACCEPTING_TRAFFIC}, the {@code readiness} health group UP) only after its runners have
 * run, so a load balancer or Kubernetes probe sends no traffic before the connections are there.
 * A warm-up that fails is logged and the application starts all the same: the pool keeps what it
 * made, and echoes dial the rest on demand.
 */
@Component
class EmbeddedPeerWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPeerWarmUp.class);
    private static final String PROPERTY = "sample.peer.warm-up-connections";

    private final EchoService echo;
    private final int connections;

    EmbeddedPeerWarmUp(EchoService echo, Pool pool, SampleProperties properties) {
        this.echo = echo;
        this.connections = properties.getPeer().getWarmUpConnections();
        int maxSize = pool.config().maxSize();
        if (connections < 0 || (maxSize > 0 && connections > maxSize)) {
            throw new InvalidConfigurationPropertyValueException(PROPERTY, connections, "Set " + PROPERTY
                    + " to 0 (no warm-up) or up to noise.pool.max-size (" + maxSize
                    + "): the pool never holds more connections to one peer.");
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        if (connections == 0) {
            return;
        }
        try {
            int added = echo.warmUpEmbeddedPeer(connections);
            log.info("Warm-up: {} new connection(s) to the embedded peer; the pool holds {} before traffic",
                    added, connections);
        } catch (PoolException e) {
            log.warn("Warm-up of the embedded peer stopped ({}); echoes will dial on demand", e.getMessage(), e);
        }
    }
}
