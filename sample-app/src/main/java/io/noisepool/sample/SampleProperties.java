package io.noisepool.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sample's own settings, bound from {@code sample.*}. Keys are hex; unset ones are generated
 * at start-up. Mutable for binding only.
 */
@ConfigurationProperties("sample")
public class SampleProperties {

    /** The embedded echo peer. */
    private final Peer peer = new Peer();

    /** The client side: how the application dials peers. */
    private final Client client = new Client();

    /**
     * Static public keys (hex) accepted from peers other than the embedded one; when empty, any
     * key is accepted and logged (demo only).
     */
    private List<String> trustedKeys = new ArrayList<>();

    /** @return the embedded peer's settings */
    public Peer getPeer() {
        return this.peer;
    }

    /** @return the client's settings */
    public Client getClient() {
        return this.client;
    }

    /** @return the trusted peer keys, hex */
    public List<String> getTrustedKeys() {
        return this.trustedKeys;
    }

    /** @param trustedKeys the trusted peer keys, hex */
    public void setTrustedKeys(List<String> trustedKeys) {
        this.trustedKeys = trustedKeys;
    }

    /** Settings of the embedded echo peer. */
    public static class Peer {

        /** Address the embedded peer listens on; loopback keeps it private to this machine. */
        private String host = "127.0.0.1";

        /** Port the embedded peer listens on; 0 picks a free one. */
        private int port = 0;

        /** The peer's static private key (64 hex digits); generated at start-up when unset. */
        private String privateKey;

        /** How long a client's handshake may take before the peer drops it. */
        private Duration handshakeTimeout = Duration.ofSeconds(5);

        /**
         * How long a connection may stay silent after its handshake before the peer closes it;
         * longer than noise.pool.max-idle, so the pool retires idle connections first.
         */
        private Duration idleTimeout = Duration.ofMinutes(10);

        /** Most connections the peer serves at once; any more are closed as soon as accepted. */
        private int maxConnections = 256;

        /**
         * Connections the pool dials to this peer at start-up, before the application reports ready,
         * so that the first echoes find them pooled; 0 = none; at most noise.pool.max-size.
         */
        private int warmUpConnections = 2;

        /** @return the listen host */
        public String getHost() {
            return this.host;
        }

        /** @param host the listen host */
        public void setHost(String host) {
            this.host = host;
        }

        /** @return the listen port, 0 for any */
        public int getPort() {
            return this.port;
        }

        /** @param port the listen port, 0 for any */
        public void setPort(int port) {
            this.port = port;
        }

        /** @return the private key in hex, or {@code null} to generate one */
        public String getPrivateKey() {
            return this.privateKey;
        }

        /** @param privateKey the private key in hex */
        public void setPrivateKey(String privateKey) {
            this.privateKey = privateKey;
        }

        /** @return the handshake timeout */
        public Duration getHandshakeTimeout() {
            return this.handshakeTimeout;
        }

        /** @param handshakeTimeout the handshake timeout */
        public void setHandshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
        }

        /** @return the idle timeout */
        public Duration getIdleTimeout() {
            return this.idleTimeout;
        }

        /** @param idleTimeout the idle timeout */
        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        /** @return the most connections served at once */
        public int getMaxConnections() {
            return this.maxConnections;
        }

        /** @param maxConnections the most connections served at once */
        public void setMaxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
        }

        /** @return the connections dialed to this peer at start-up */
        public int getWarmUpConnections() {
            return this.warmUpConnections;
        }

        /** @param warmUpConnections the connections dialed to this peer at start-up */
        public void setWarmUpConnections(int warmUpConnections) {
            this.warmUpConnections = warmUpConnections;
        }
    }

    /** Settings of the client side. */
    public static class Client {

        /** The client's static private key (64 hex digits); generated at start-up when unset. */
        private String privateKey;

        /** The most a dial (TCP connect plus handshake) may take. */
        private Duration dialTimeout = Duration.ofSeconds(5);

        /** How long to wait for a peer's reply before the request fails with 504. */
        private Duration readTimeout = Duration.ofSeconds(5);

        /** @return the private key in hex, or {@code null} to generate one */
        public String getPrivateKey() {
            return this.privateKey;
        }

        /** @param privateKey the private key in hex */
        public void setPrivateKey(String privateKey) {
            this.privateKey = privateKey;
        }

        /** @return the dial timeout */
        public Duration getDialTimeout() {
            return this.dialTimeout;
        }

        /** @param dialTimeout the dial timeout */
        public void setDialTimeout(Duration dialTimeout) {
            this.dialTimeout = dialTimeout;
        }

        /** @return the read timeout */
        public Duration getReadTimeout() {
            return this.readTimeout;
        }

        /** @param readTimeout the read timeout */
        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }
    }
}
