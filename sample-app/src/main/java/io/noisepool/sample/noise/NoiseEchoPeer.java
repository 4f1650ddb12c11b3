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
import java.util.concurrent.Semaphore;
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
 * <p>Bounded, so that clients cannot exhaust its threads or file descriptors: it serves at most
 * {@code maxConnections} connections at once (one thread each) and closes any connection accepted
 * beyond that at once, counting it in {@link #refusedConnections()}; and it closes a connection
 * that stays silent after its handshake for longer than {@code idleTimeout}. A client that
 * trickles bytes can hold a slot longer, but never more than {@code maxConnections} of them.
 *
 * <p>Thread-safe. {@link #close()} stops accepting and closes every connection; it is idempotent.
 */
public final class NoiseEchoPeer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NoiseEchoPeer.class);
    private static final Duration ACCEPTOR_JOIN = Duration.ofSeconds(5);

    /** The idle timeout of {@link #start(InetSocketAddress, NoiseKeyPair, Duration)}: 10 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

    /** The connection limit of {@link #start(InetSocketAddress, NoiseKeyPair, Duration)}: 256. */
    public static final int DEFAULT_MAX_CONNECTIONS = 256;

    private final ServerSocketChannel server;
    private final InetSocketAddress address;
    private final NoiseKeyPair key;
    private final Duration handshakeTimeout;
    private final Duration idleTimeout;
    // One permit per connection served; taken by the acceptor, given back when the connection ends.
    private final Semaphore slots;
    private final Thread acceptor;
    // Live connections, so close() can end them; each removes itself when its thread ends.
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    // Turns true once, on close().
    private final AtomicBoolean closed = new AtomicBoolean();

    private NoiseEchoPeer(ServerSocketChannel server, NoiseKeyPair key, Duration handshakeTimeout, Duration idleTimeout,
            int maxConnections) throws IOException {
        this.server = server;
        this.address = (InetSocketAddress) server.getLocalAddress();
        this.key = key;
        this.handshakeTimeout = handshakeTimeout;
        this.idleTimeout = idleTimeout;
        this.slots = new Semaphore(maxConnections);
        this.acceptor = new Thread(this::acceptLoop, "noise-echo-peer-acceptor");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds and starts accepting, with {@link #DEFAULT_IDLE_TIMEOUT} and {@link #DEFAULT_MAX_CONNECTIONS}.
     *
     * @param bind where to listen, e.g. {@code 127.0.0.1} port 0 for a free loopback port
     * @param key the responder's static key pair, not {@code null}
     * @param handshakeTimeout the most a client's handshake may take before it is dropped, positive
     * @return the running peer
     * @throws IOException if the address cannot be bound
     */
    public static NoiseEchoPeer start(InetSocketAddress bind, NoiseKeyPair key, Duration handshakeTimeout)
            throws IOException {
        return start(bind, key, handshakeTimeout, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * Binds and starts accepting.
     *
     * @param bind where to listen, e.g. {@code 127.0.0.1} port 0 for a free loopback port
     * @param key the responder's static key pair, not {@code null}
     * @param handshakeTimeout the most a client's handshake may take before it is dropped, positive
     * @param idleTimeout how long a connection may stay silent after its handshake before it is
     *     closed, positive
     * @param maxConnections the most connections served at once, at least 1
     * @return the running peer
     * @throws IllegalArgumentException if a timeout is not positive or {@code maxConnections} is below 1
     * @throws IOException if the address cannot be bound
     */
    public static NoiseEchoPeer start(InetSocketAddress bind, NoiseKeyPair key, Duration handshakeTimeout,
            Duration idleTimeout, int maxConnections) throws IOException {
        Objects.requireNonNull(key, "key");
        requirePositive("handshake timeout", handshakeTimeout);
        requirePositive("idle timeout", idleTimeout);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("The connection limit must be at least 1, but was " + maxConnections);
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(bind);
            NoiseEchoPeer peer = new NoiseEchoPeer(server, key, handshakeTimeout, idleTimeout, maxConnections);
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

    /**
     * @return how many connections were closed on arrival since start, because
     *     {@code maxConnections} were already being served
     */
    public long refusedConnections() {
        return refused.get();
    }

    private static void requirePositive(String what, Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("The " + what + " must be positive, but was " + timeout);
        }
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
            if (!slots.tryAcquire()) {
                // Routine under a flood, and counted; one line per refusal would flood the log too.
                refused.incrementAndGet();
                log.debug("Noise echo peer on {} refused a connection: {} already served", address, connections.size());
                closeQuietly(channel);
                continue;
            }
            connections.add(channel);
            if (closed.get()) {
                closeQuietly(channel);
                return;
            }
            Thread worker = new Thread(() -> serve(channel),
                    "noise-echo-peer-" + address.getPort() + "-" + connectionIds.incrementAndGet());
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void serve(SocketChannel channel) {
        SocketAddress remote = null;
        // The read timeout applies once the handshake is done: it is the idle timeout.
        try (NoiseConnection conn = new NoiseConnection(channel, idleTimeout)) {
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
            slots.release();
        }
    }

    /**
     * Closes every connection it serves now and goes on accepting, as a peer restart looks to its
     * clients: each sees end of stream on its connection.
     */
    public void dropConnections() {
        connections.forEach(NoiseEchoPeer::closeQuietly);
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
