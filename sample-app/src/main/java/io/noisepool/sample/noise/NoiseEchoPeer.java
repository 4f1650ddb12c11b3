package io.noisepool.sample.noise;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Noise responder that echoes: it answers each transport message with one transport message
 * carrying the same plaintext, in the {@link NoiseWire} format. Each connection runs on its own
 * daemon thread, so a peer that sends garbage or stalls in the handshake is dropped (after the
 * handshake timeout at the latest) without disturbing the others.
 *
 * <p>Thread-safe. {@link #close()} stops accepting and closes every connection; it is idempotent.
 */
public final class NoiseEchoPeer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NoiseEchoPeer.class);
    private static final Duration ACCEPTOR_JOIN = Duration.ofSeconds(5);

    private final ServerSocketChannel server;
    private final InetSocketAddress address;
    private final NoiseKeyPair key;
    private final Duration handshakeTimeout;
    private final Thread acceptor;
    // Live connections, so close() can end them; each removes itself when its thread ends.
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong connectionIds = new AtomicLong();
    // Turns true once, on close().
    private final AtomicBoolean closed = new AtomicBoolean();

    private NoiseEchoPeer(ServerSocketChannel server, NoiseKeyPair key, Duration handshakeTimeout) throws IOException {
        this.server = server;
        this.address = (InetSocketAddress) server.getLocalAddress();
        this.key = key;
        this.handshakeTimeout = handshakeTimeout;
        this.acceptor = new Thread(this::acceptLoop, "noise-echo-peer-acceptor");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds and starts accepting.
     *
     * @param bind where to listen, e.g. {@code 127.0.0.1} port 0 for a free loopback port
     * @param key the responder's static key pair, not {@code null}
     * @param handshakeTimeout the most a client's handshake may take before it is dropped, positive
     * @return the running peer
     * @throws IOException if the address cannot be bound
     */
    public static NoiseEchoPeer start(InetSocketAddress bind, NoiseKeyPair key, Duration handshakeTimeout)
            throws IOException {
        Objects.requireNonNull(key, "key");
        if (handshakeTimeout.isZero() || handshakeTimeout.isNegative()) {
            throw new IllegalArgumentException("The handshake timeout must be positive, but was " + handshakeTimeout);
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(bind);
            NoiseEchoPeer peer = new NoiseEchoPeer(server, key, handshakeTimeout);
            peer.acceptor.start();
            log.debug("Noise echo peer listening on {}", peer.address);
            return peer;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * @return the bound address, with the actual port
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * @return a copy of the peer's static public key
     */
    public byte[] publicKey() {
        return key.publicKey();
    }

    /**
     * @return how many handshakes completed since start
     */
    public long handshakes() {
        return handshakes.get();
    }

    /**
     * @return how many connections are open now
     */
    public int openConnections() {
        return connections.size();
    }

    private void acceptLoop() {
        while (!closed.get()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed.get()) {
                    return;
                }
                // Typically out of file descriptors: the operator must act, and the loop goes on.
                log.warn("Noise echo peer on {} failed to accept a connection: {}", address, e.toString());
                continue;
            }
            connections.add(channel);
            if (closed.get()) {
                closeQuietly(channel);
                return;
            }
            Thread worker = new Thread(() -> serve(channel), "noise-echo-peer-" + connectionIds.incrementAndGet());
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void serve(SocketChannel channel) {
        SocketAddress remote = null;
        try (NoiseConnection conn = new NoiseConnection(channel, Duration.ZERO)) {
            remote = conn.remoteAddress();
            conn.handshakeAsResponder(key, handshakeTimeout);
            handshakes.incrementAndGet();
            byte[] message;
            while ((message = conn.receive()) != null) {
                conn.send(ByteBuffer.wrap(message));
            }
        } catch (IOException e) {
            // A client that misbehaves or leaves is routine for a server: no operator action.
            if (!closed.get()) {
                log.debug("Noise echo peer dropped connection from {}: {}", remote, e.getMessage());
            }
        } finally {
            closeQuietly(channel);
            connections.remove(channel);
        }
    }

    /** Stops accepting, closes every connection and waits briefly for the acceptor to end. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(server);
        connections.forEach(NoiseEchoPeer::closeQuietly);
        try {
            acceptor.join(ACCEPTOR_JOIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.debug("Noise echo peer on {} closed after {} handshakes", address, handshakes.get());
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Closing {} failed: {}", channel, e.toString());
        }
    }

    @Override
    public String toString() {
        return "NoiseEchoPeer[" + address + ", handshakes=" + handshakes.get() + "]";
    }
}
