package io.noisepool.sample;

import io.noisepool.Dialer;
import io.noisepool.Pool;
import io.noisepool.PoolException;
import io.noisepool.PooledConnection;
import io.noisepool.sample.EchoFailure.Reason;
import io.noisepool.sample.noise.NoiseConnection;
import io.noisepool.sample.noise.NoiseDialer;
import io.noisepool.sample.noise.NoiseTransportException;
import io.noisepool.sample.noise.NoiseWire;
import io.noisepool.sample.noise.PeerKeyPolicy;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Service;

/**
 * Echoes a message through a pooled Noise connection: it checks a connection out for the peer
 * (dialing and handshaking only when none is idle), sends the message as one transport message,
 * reads the one reply, and gives the connection back, or discards it if anything failed, so no
 * connection ever leaks. A reused connection that turns out dead (the peer closed it while it
 * was idle) is discarded and the echo retried once on a fresh one. Thread-safe.
 */
@Service
public class EchoService {

    /** What an echo produced. */
    public record Echo(String peer, byte[] reply, boolean reused) {}

    private final Pool pool;
    private final NoiseDialer dialer;
    private final PeerTrust trust;
    private final Duration dialTimeout;

    EchoService(Pool pool, NoiseDialer dialer, PeerTrust trust, SampleProperties properties) {
        this.pool = pool;
        this.dialer = dialer;
        this.trust = trust;
        this.dialTimeout = properties.getClient().getDialTimeout();
    }

    /**
     * @param peer {@code host:port}, or {@code null} or blank for the embedded peer
     * @param message the plaintext, at most {@link NoiseWire#MAX_PLAINTEXT_LENGTH} bytes
     * @return the reply and whether a pooled connection carried it
     * @throws EchoFailure for a bad address, a message too large, or a peer that cannot be
     *     reached, fails the handshake, fails or times out
     */
    public Echo echo(String peer, byte[] message) {
        if (message.length > NoiseWire.MAX_PLAINTEXT_LENGTH) {
            throw tooLarge(message.length);
        }
        PeerAddress address = parse(peer);
        try {
            return exchange(address, message);
        } catch (IOException e) {
            throw fromTransport(address, e);
        }
    }

    private Echo exchange(PeerAddress address, byte[] message) throws IOException {
        try {
            return exchangeOnce(address, message);
        } catch (StaleConnectionException e) {
            return exchangeOnce(address, message);
        }
    }

    /**
     * Dials the embedded peer until the pool holds {@code connections} connections to it, each
     * left idle for the echoes to come.
     *
     * @param connections how many the pool should hold, 0 or more and at most noise.pool.max-size
     * @return how many were dialed
     * @throws PoolException if a dial failed; the connections made before it stay pooled
     */
    public int warmUpEmbeddedPeer(int connections) {
        PeerAddress address = PeerAddress.parse(trust.embeddedAddress());
        return pool.warmUp(address.key(), connections, dialerFor(address, new AtomicReference<>()));
    }

    private Echo exchangeOnce(PeerAddress address, byte[] message) throws IOException {
        AtomicReference<NoiseConnection> dialed = new AtomicReference<>();
        PooledConnection lease;
        try {
            lease = pool.getOrDial(address.key(), dialTimeout, dialerFor(address, dialed));
        } catch (PoolException e) {
            throw fromPool(address, e);
        }
        boolean reused = false;
        try {
            NoiseConnection conn = lease.unwrap(NoiseConnection.class);
            reused = conn != dialed.get();
            conn.send(ByteBuffer.wrap(message));
            byte[] reply = conn.receive();
            if (reply == null) {
                throw new IOException("Peer " + address + " closed the connection instead of replying");
            }
            lease.close();
            return new Echo(address.key(), reply, reused);
        } catch (IOException e) {
            lease.discard();
            // A timeout says the peer is slow, not that the pooled connection was stale: no retry.
            if (reused && !isTimeout(e)) {
                throw new StaleConnectionException(e);
            }
            throw e;
        } catch (RuntimeException e) {
            lease.discard();
            throw e;
        }
    }

    /** Dials the peer with the key policy it is trusted under, noting each connection made in {@code dialed}. */
    private Dialer dialerFor(PeerAddress address, AtomicReference<NoiseConnection> dialed) {
        PeerKeyPolicy policy = trust.policyFor(address);
        return timeout -> {
            NoiseConnection conn = dialer.dial(address.resolve(), policy, timeout);
            dialed.set(conn);
            return conn;
        };
    }

    private PeerAddress parse(String peer) {
        if (peer == null || peer.isBlank()) {
            return PeerAddress.parse(trust.embeddedAddress());
        }
        try {
            return PeerAddress.parse(peer);
        } catch (IllegalArgumentException e) {
            throw new EchoFailure(Reason.BAD_PEER_ADDRESS, e.getMessage(), null);
        }
    }

    static EchoFailure tooLarge(long length) {
        return new EchoFailure(Reason.BODY_TOO_LARGE, "An echo body must fit one Noise transport message: at most "
                + NoiseWire.MAX_PLAINTEXT_LENGTH + " bytes, but this one has " + length, null);
    }

    private static EchoFailure fromPool(PeerAddress address, PoolException e) {
        return switch (e.code()) {
            case DIAL_FAILED, CONNECTION_NOT_READY -> fromDial(address, e);
            case POOL_FULL, ACQUIRE_TIMEOUT, POOL_CLOSED, INTERRUPTED ->
                    new EchoFailure(Reason.POOL_UNAVAILABLE, e.getMessage(), e);
            default -> throw e;
        };
    }

    private static EchoFailure fromDial(PeerAddress address, PoolException e) {
        Throwable cause = e.getCause();
        if (isTimeout(cause)) {
            String why = cause instanceof NoiseTransportException ? cause.getMessage()
                    : "Connecting to " + address + " timed out";
            return new EchoFailure(Reason.PEER_TIMEOUT, why, e);
        }
        if (cause instanceof NoiseTransportException) {
            return new EchoFailure(Reason.HANDSHAKE_FAILED, cause.getMessage(), e);
        }
        if (cause instanceof IOException) {
            String why = cause instanceof UnknownHostException ? "the host name does not resolve" : cause.getMessage();
            return new EchoFailure(Reason.PEER_UNREACHABLE, "Cannot connect to " + address + ": " + why, e);
        }
        return new EchoFailure(Reason.HANDSHAKE_FAILED, e.getMessage(), e);
    }

    private static EchoFailure fromTransport(PeerAddress address, IOException e) {
        Throwable failure = e instanceof StaleConnectionException ? e.getCause() : e;
        if (isTimeout(failure)) {
            return new EchoFailure(Reason.PEER_TIMEOUT, failure.getMessage(), e);
        }
        return new EchoFailure(Reason.PEER_FAILED, "The connection to " + address + " failed: " + failure.getMessage(), e);
    }

    private static boolean isTimeout(Throwable e) {
        return e instanceof SocketTimeoutException
                || e instanceof NoiseTransportException nte && nte.kind() == NoiseTransportException.Kind.TIMEOUT;
    }

    /** A reused connection failed; the echo is worth one more try on a fresh one. */
    private static final class StaleConnectionException extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnectionException(Throwable cause) {
            super(cause);
        }
    }
}
