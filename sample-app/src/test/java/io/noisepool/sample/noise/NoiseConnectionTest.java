package io.noisepool.sample.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.southernstorm.noise.protocol.HandshakeState;
import io.noisepool.ConnPool;
import io.noisepool.PoolErrorCode;
import io.noisepool.PoolException;
import io.noisepool.sample.noise.NoiseTransportException.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport against our echo peer over loopback: round trips, limits and failures. */
class NoiseConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final NoiseKeyPair peerKey = NoiseKeyPair.generate();
    private final NoiseDialer dialer = new NoiseDialer(NoiseKeyPair.generate(), TIMEOUT);
    private NoiseEchoPeer peer;

    @BeforeEach
    void startPeer() throws IOException {
        peer = NoiseEchoPeer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), peerKey, TIMEOUT);
    }

    @AfterEach
    void stopPeer() {
        peer.close();
    }

    private NoiseConnection dial() throws IOException {
        return dialer.dial(peer.address(), PeerKeyPolicy.pinned(peerKey.publicKey()), TIMEOUT);
    }

    @Test
    void emptyMessageRoundTrips() throws IOException {
        assertRoundTrip(0);
    }

    @Test
    void oneByteMessageRoundTrips() throws IOException {
        assertRoundTrip(1);
    }

    @Test
    void largestPlaintextFillsAMaximalFrameAndRoundTrips() throws IOException {
        // 65519 bytes of plaintext plus the 16-byte MAC make a 65535-byte frame, the Noise maximum.
        assertThat(NoiseWire.MAX_PLAINTEXT_LENGTH + NoiseWire.MAC_LENGTH).isEqualTo(65535);
        assertRoundTrip(NoiseWire.MAX_PLAINTEXT_LENGTH);
    }

    @Test
    void manySmallMessagesRoundTripInOrder() throws IOException {
        try (NoiseConnection conn = dial()) {
            for (int i = 0; i < 2000; i++) {
                byte[] message = ("message " + i).getBytes();
                conn.send(ByteBuffer.wrap(message));
                assertThat(conn.receive()).isEqualTo(message);
            }
        }
    }

    @Test
    void anIdleConnectionIsAliveAndStillCarriesMessagesAfterTheCheck() throws IOException {
        try (NoiseConnection conn = dial()) {
            assertThat(conn.isIdleAndAlive()).isTrue();
            assertThat(conn.isIdleAndAlive()).isTrue();
            conn.send(ByteBuffer.wrap(new byte[] {1, 2}));
            assertThat(conn.receive()).containsExactly(1, 2);
            assertThat(conn.isIdleAndAlive()).isTrue();
        }
    }

    @Test
    void aConnectionThePeerDroppedIsNotAliveAndIsClosedNotFailed() throws IOException {
        try (NoiseConnection conn = dial()) {
            conn.send(ByteBuffer.wrap(new byte[] {1}));
            assertThat(conn.receive()).containsExactly(1); // the peer serves it now
            peer.dropConnections();

            await().atMost(TIMEOUT).until(() -> !conn.isIdleAndAlive());
            assertThat(conn.isOpen()).isFalse();
            assertThat(conn.isFailed()).isFalse();
        }
    }

    @Test
    void aReplyNobodyReadIsNotAliveAndFailsTheConnection() throws IOException {
        try (NoiseConnection conn = dial()) {
            conn.send(ByteBuffer.wrap(new byte[] {1}));

            await().atMost(TIMEOUT).until(() -> !conn.isIdleAndAlive());
            assertThat(conn.isFailed()).isTrue();
        }
    }

    @Test
    void plaintextOverOneMessageIsRefusedWithoutSendingAnything() throws IOException {
        try (NoiseConnection conn = dial()) {
            assertThatThrownBy(() -> conn.send(ByteBuffer.allocate(NoiseWire.MAX_PLAINTEXT_LENGTH + 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("65519");
            assertThat(conn.isOpen()).isTrue();
            conn.send(ByteBuffer.wrap(new byte[] {7}));
            assertThat(conn.receive()).containsExactly(7);
        }
    }

    @Test
    void channelWriteSendsAtMostOneMessageAndReadReassemblesThem() throws IOException {
        byte[] data = randomBytes(NoiseWire.MAX_PLAINTEXT_LENGTH + 100);
        try (NoiseConnection conn = dial()) {
            ByteBuffer src = ByteBuffer.wrap(data);
            assertThat(conn.write(src)).isEqualTo(NoiseWire.MAX_PLAINTEXT_LENGTH);
            assertThat(conn.write(src)).isEqualTo(100);
            ByteBuffer dst = ByteBuffer.allocate(data.length);
            while (dst.hasRemaining()) {
                assertThat(conn.read(dst)).isPositive();
            }
            assertThat(dst.array()).isEqualTo(data);
        }
    }

    @Test
    void tamperedTransportFrameFailsTheConnection() throws IOException {
        // Frame 0 from the server is handshake message 2; frame 1 is the first echo.
        try (TamperingRelay relay = new TamperingRelay(peer.address(), 1);
                NoiseConnection conn = dialer.dial(relay.address(), PeerKeyPolicy.pinned(peerKey.publicKey()), TIMEOUT)) {
            conn.send(ByteBuffer.wrap("secret".getBytes()));

            assertThatThrownBy(conn::receive).isInstanceOfSatisfying(NoiseTransportException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.BAD_MAC));
            assertThat(conn.isFailed()).isTrue();
            assertThat(conn.isOpen()).isFalse();
            assertThatThrownBy(() -> conn.send(ByteBuffer.allocate(1))).isInstanceOfSatisfying(
                    NoiseTransportException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BROKEN));
        }
    }

    @Test
    void tamperedHandshakeMessageFailsTheDial() throws IOException {
        try (TamperingRelay relay = new TamperingRelay(peer.address(), 0)) {
            assertThatThrownBy(() -> dialer.dial(relay.address(), PeerKeyPolicy.pinned(peerKey.publicKey()), TIMEOUT))
                    .isInstanceOfSatisfying(NoiseTransportException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.HANDSHAKE_FAILED));
        }
    }

    @Test
    void peerClosingMidFrameGivesACleanTruncationError() throws Exception {
        try (Loopback responder = Loopback.serve((in, out) -> {
            BareNoise.handshake(BareNoise.start(HandshakeState.RESPONDER), in, out);
            out.writeShort(100);
            out.write(new byte[10]);
            out.flush();
        })) {
            try (NoiseConnection conn = dialer.dial(responder.address(), PeerKeyPolicy.acceptAnyAndLog(), TIMEOUT)) {
                assertThatThrownBy(conn::receive).isInstanceOfSatisfying(NoiseTransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.TRUNCATED));
                assertThat(conn.isFailed()).isTrue();
                assertThat(conn.failure().kind()).isEqualTo(Kind.TRUNCATED);
            }
        }
    }

    @Test
    void peerClosingBetweenMessagesEndsTheStreamCleanly() throws Exception {
        try (Loopback responder = Loopback.serve((in, out) ->
                BareNoise.handshake(BareNoise.start(HandshakeState.RESPONDER), in, out))) {
            try (NoiseConnection conn = dialer.dial(responder.address(), PeerKeyPolicy.acceptAnyAndLog(), TIMEOUT)) {
                assertThat(conn.receive()).isNull();
                assertThat(conn.isOpen()).isFalse();
                assertThat(conn.isFailed()).isFalse();
                assertThatThrownBy(conn::receive).isInstanceOf(ClosedChannelException.class);
            }
        }
    }

    @Test
    void wrongStaticKeyFailsTheDialBeforeAnyHandshakeCompletes() {
        byte[] otherKey = NoiseKeyPair.generate().publicKey();

        assertThatThrownBy(() -> dialer.dial(peer.address(), PeerKeyPolicy.pinned(otherKey), TIMEOUT))
                .isInstanceOfSatisfying(NoiseTransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNTRUSTED_KEY));
        assertThat(peer.handshakes()).isZero();
    }

    @Test
    void wrongStaticKeyFailsThePoolDialWithDialFailed() {
        byte[] otherKey = NoiseKeyPair.generate().publicKey();
        try (ConnPool pool = new ConnPool()) {
            assertThatThrownBy(() -> pool.getOrDial("peer", TIMEOUT,
                            dialer.dialerFor(peer.address(), PeerKeyPolicy.pinned(otherKey))))
                    .isInstanceOfSatisfying(PoolException.class,
                            e -> assertThat(e.code()).isEqualTo(PoolErrorCode.DIAL_FAILED))
                    .hasRootCauseInstanceOf(NoiseTransportException.class);
            assertThat(pool.stats().total()).isZero();
        }
    }

    @Test
    void silentResponderTimesOutTheHandshake() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort());
            assertThatThrownBy(() -> dialer.dial(address, PeerKeyPolicy.acceptAnyAndLog(), Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(NoiseTransportException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        }
    }

    @Test
    void refusedConnectIsAPlainSocketError() throws IOException {
        InetSocketAddress closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
        assertThatThrownBy(() -> dialer.dial(closedPort, PeerKeyPolicy.acceptAnyAndLog(), TIMEOUT))
                .isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void handshakeCompletionAndFailureAreReported() throws IOException {
        NoiseConnection conn = dial();
        assertThat(conn.isHandshakeComplete()).isTrue();
        assertThat(conn.isFailed()).isFalse();
        conn.close();
        assertThat(conn.isOpen()).isFalse();
        assertThat(conn.isHandshakeComplete()).isTrue();
        assertThatThrownBy(() -> conn.send(ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
    }

    private void assertRoundTrip(int length) throws IOException {
        byte[] message = randomBytes(length);
        try (NoiseConnection conn = dial()) {
            conn.send(ByteBuffer.wrap(message));
            assertThat(conn.receive()).isEqualTo(message);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
