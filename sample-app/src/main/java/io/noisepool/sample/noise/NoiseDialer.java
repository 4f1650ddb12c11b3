package io.noisepool.sample.noise;

import io.noisepool.Dialer;
import io.noisepool.sample.noise.NoiseTransportException.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * Opens Noise connections: a TCP connect within the timeout, then the initiator side of the
 * {@link NoiseWire} handshake within what is left of it, checking the responder's static key with
 * a {@link PeerKeyPolicy}. Immutable and thread-safe.
 */
public final class NoiseDialer {

    private final NoiseKeyPair localKey;
    private final Duration readTimeout;

    /**
     * @param localKey the client's static key pair, not {@code null}
     * @param readTimeout handed to each {@link NoiseConnection}: how long a transport read waits;
     *     {@link Duration#ZERO} waits forever
     */
    public NoiseDialer(NoiseKeyPair localKey, Duration readTimeout) {
        this.localKey = Objects.requireNonNull(localKey, "localKey");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
    }

    /**
     * Connects and completes the handshake.
     *
     * @param address the responder, not {@code null}; an unresolved address fails with
     *     {@link java.net.UnknownHostException}
     * @param policy checks the responder's static key, not {@code null}
     * @param timeout the most connect plus handshake may take; zero is treated as one millisecond
     * @return an established connection, owned by the caller
     * @throws java.net.ConnectException and other socket exceptions if the peer cannot be reached;
     *     {@link java.net.SocketTimeoutException} if the connect timed out
     * @throws NoiseTransportException if the handshake failed, timed out or the key was refused
     */
    public NoiseConnection dial(InetSocketAddress address, PeerKeyPolicy policy, Duration timeout) throws IOException {
        Objects.requireNonNull(policy, "policy");
        long deadline = System.nanoTime() + timeout.toNanos();
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(address, atLeastOneMilli(timeout));
            NoiseConnection conn = new NoiseConnection(channel, readTimeout);
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                throw new NoiseTransportException(Kind.TIMEOUT, "Connecting to " + address
                        + " used up the whole dial timeout of " + timeout.toMillis() + " ms before the handshake");
            }
            conn.handshakeAsInitiator(localKey, policy, left);
            return conn;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * @param address the responder, not {@code null}
     * @param policy checks the responder's static key, not {@code null}
     * @return a pool {@link Dialer} that dials that address with the timeout the pool gives
     */
    public Dialer dialerFor(InetSocketAddress address, PeerKeyPolicy policy) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(policy, "policy");
        return timeout -> dial(address, policy, timeout);
    }

    /**
     * @return the client's static public key
     */
    public byte[] publicKey() {
        return localKey.publicKey();
    }

    private static int atLeastOneMilli(Duration timeout) {
        // Socket.connect takes 0 as "no timeout", which a zero Duration must not become.
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }
}
