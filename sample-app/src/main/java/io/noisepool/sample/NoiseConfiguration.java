package io.noisepool.sample;

import io.noisepool.HealthCheck;
import io.noisepool.ReadyCheck;
import io.noisepool.sample.noise.NoiseConnection;
import io.noisepool.sample.noise.NoiseDialer;
import io.noisepool.sample.noise.NoiseEchoPeer;
import io.noisepool.sample.noise.NoiseKeyPair;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Noise side of the sample: the embedded echo peer, the dialer, and the checks the pool
 * starter picks up (a connection is ready once its handshake completed, healthy while open, not
 * failed and not closed by the peer).
 */
@Configuration(proxyBeanMethods = false)
class NoiseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NoiseConfiguration.class);

    @Bean(destroyMethod = "close")
    NoiseEchoPeer embeddedPeer(SampleProperties properties) throws IOException {
        SampleProperties.Peer settings = properties.getPeer();
        requirePositive("sample.peer.handshake-timeout", settings.getHandshakeTimeout());
        requirePositive("sample.peer.idle-timeout", settings.getIdleTimeout());
        if (settings.getMaxConnections() < 1) {
            throw new InvalidConfigurationPropertyValueException("sample.peer.max-connections",
                    settings.getMaxConnections(), "Set sample.peer.max-connections to at least 1 (default 256): "
                            + "the most connections the embedded peer serves at once.");
        }
        NoiseKeyPair key = keyPair("sample.peer.private-key", settings.getPrivateKey());
        NoiseEchoPeer peer = NoiseEchoPeer.start(new InetSocketAddress(settings.getHost(), settings.getPort()), key,
                settings.getHandshakeTimeout(), settings.getIdleTimeout(), settings.getMaxConnections());
        log.info("Embedded Noise echo peer listening on {} with static public key {}",
                PeerAddress.of(peer.address()), key.publicKeyHex());
        return peer;
    }

    @Bean
    NoiseDialer noiseDialer(SampleProperties properties) {
        SampleProperties.Client settings = properties.getClient();
        return new NoiseDialer(keyPair("sample.client.private-key", settings.getPrivateKey()), settings.getReadTimeout());
    }

    @Bean
    PeerTrust peerTrust(SampleProperties properties, NoiseEchoPeer embeddedPeer) {
        return PeerTrust.of(embeddedPeer, properties.getTrustedKeys());
    }

    @Bean
    ReadyCheck noiseReadyCheck() {
        return conn -> conn instanceof NoiseConnection noise && noise.isHandshakeComplete() && noise.isOpen();
    }

    /**
     * Run before each hand-out of an idle connection and, with noise.pool.keepalive-interval, on
     * connections idle that long: finds one the peer closed (end of stream) without sending a byte.
     */
    @Bean
    HealthCheck noiseHealthCheck() {
        return conn -> conn instanceof NoiseConnection noise ? noise.isIdleAndAlive() : conn.isOpen();
    }

    private static void requirePositive(String property, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new InvalidConfigurationPropertyValueException(property, value,
                    "Set " + property + " to a positive duration such as 5s or 10m.");
        }
    }

    private static NoiseKeyPair keyPair(String property, String privateKeyHex) {
        if (privateKeyHex == null || privateKeyHex.isBlank()) {
            return NoiseKeyPair.generate();
        }
        try {
            return NoiseKeyPair.fromPrivateKeyHex(privateKeyHex);
        } catch (IllegalArgumentException e) {
            // The value is a secret: the exception names the property, never the value.
            throw new InvalidConfigurationPropertyValueException(property, "******", e.getMessage());
        }
    }
}
