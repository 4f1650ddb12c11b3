package io.noisepool.sample.noise;

import com.southernstorm.noise.protocol.CipherStatePair;
import com.southernstorm.noise.protocol.DHState;
import com.southernstorm.noise.protocol.HandshakeState;
import io.noisepool.sample.noise.NoiseTransportException.Kind;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * Runs one side of the {@link NoiseWire} handshake over a connection's frame reader and writer,
 * within a deadline for the whole exchange. Used once, by one thread.
 */
final class NoiseHandshake {

    /** The handshake's outcome: the transport ciphers and the peer's proven static key. */
    record Result(CipherStatePair ciphers, byte[] remoteStaticKey) {}

    private final Socket socket;
    private final ReadableByteChannel in;
    private final WritableByteChannel out;
    private final NoiseFrameReader reader;
    private final NoiseFrameWriter writer;

    NoiseHandshake(Socket socket, ReadableByteChannel in, WritableByteChannel out,
            NoiseFrameReader reader, NoiseFrameWriter writer) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.reader = reader;
        this.writer = writer;
    }

    /**
     * @param role {@link HandshakeState#INITIATOR} or {@link HandshakeState#RESPONDER}
     * @param policy checks the responder's key (initiator only), or {@code null} to accept any
     * @param peer the peer's address, for messages
     * @param timeout the most the whole handshake may take
     */
    Result run(int role, NoiseKeyPair local, PeerKeyPolicy policy, String peer, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HandshakeState hs = newHandshakeState(role);
        // Payloads are ignored by the wire format, but one may be sent: room for the largest.
        byte[] payload = new byte[NoiseWire.MAX_MESSAGE_LENGTH];
        boolean keyChecked = policy == null;
        try {
            local.applyTo(hs.getLocalKeyPair());
            hs.start();
            while (true) {
                switch (hs.getAction()) {
                    case HandshakeState.WRITE_MESSAGE -> {
                        if (!keyChecked && hs.getRemotePublicKey().hasPublicKey()) {
                            policy.check(peer, remoteKey(hs));
                            keyChecked = true;
                        }
                        int length = hs.writeMessage(writer.buffer(), NoiseFrameWriter.MESSAGE_OFFSET, null, 0, 0);
                        writer.writeFrame(out, length);
                    }
                    case HandshakeState.READ_MESSAGE -> {
                        socket.setSoTimeout(remainingMillis(deadline, peer, timeout));
                        int length = reader.readFrame(in);
                        if (length < 0) {
                            throw new NoiseTransportException(Kind.TRUNCATED,
                                    "Peer " + peer + " closed the connection during the Noise handshake");
                        }
                        hs.readMessage(reader.buffer(), 0, length, payload, 0);
                    }
                    case HandshakeState.SPLIT -> {
                        byte[] remoteKey = remoteKey(hs);
                        if (!keyChecked) {
                            policy.check(peer, remoteKey);
                        }
                        return new Result(hs.split(), remoteKey);
                    }
                    default -> throw new NoiseTransportException(Kind.HANDSHAKE_FAILED,
                            "The Noise handshake with " + peer + " stopped in state " + hs.getAction());
                }
            }
        } catch (SocketTimeoutException e) {
            throw timedOut(peer, timeout, e);
        } catch (GeneralSecurityException | IllegalStateException | IllegalArgumentException e) {
            // noise-java reports a malformed or forged message with these; none carries key material.
            throw new NoiseTransportException(Kind.HANDSHAKE_FAILED,
                    "Peer " + peer + " sent an invalid Noise handshake message (" + e.getClass().getSimpleName() + ")", e);
        } finally {
            hs.destroy();
        }
    }

    private static HandshakeState newHandshakeState(int role) {
        try {
            return new HandshakeState(NoiseWire.PROTOCOL_NAME, role);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("noise-java lacks " + NoiseWire.PROTOCOL_NAME + ", which it always ships", e);
        }
    }

    private static byte[] remoteKey(HandshakeState hs) {
        DHState remote = hs.getRemotePublicKey();
        byte[] key = new byte[remote.getPublicKeyLength()];
        remote.getPublicKey(key, 0);
        return key;
    }

    private static int remainingMillis(long deadline, String peer, Duration timeout) throws NoiseTransportException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timedOut(peer, timeout, null);
        }
        // At least 1 ms: a socket timeout of 0 would mean "wait forever".
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(left).toMillis()));
    }

    private static NoiseTransportException timedOut(String peer, Duration timeout, Throwable cause) {
        return new NoiseTransportException(Kind.TIMEOUT,
                "The Noise handshake with " + peer + " did not finish within " + timeout.toMillis() + " ms", cause);
    }
}
