package io.noisepool.sample.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.southernstorm.noise.protocol.CipherStatePair;
import com.southernstorm.noise.protocol.HandshakeState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Our transport against noise-java used directly, in both roles. */
class NoiseInteropTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void bareNoiseJavaInitiatorHandshakesWithEchoPeerAndGetsItsMessagesEchoed() throws Exception {
        NoiseKeyPair peerKey = NoiseKeyPair.generate();
        try (NoiseEchoPeer peer = NoiseEchoPeer.start(loopback(), peerKey, TIMEOUT);
                Socket socket = new Socket(peer.address().getAddress(), peer.address().getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            HandshakeState hs = BareNoise.start(HandshakeState.INITIATOR);
            CipherStatePair ciphers = BareNoise.handshake(hs, in, out);

            assertThat(BareNoise.remoteKey(hs)).isEqualTo(peerKey.publicKey());
            for (String text : new String[] {"hello", "", "noise"}) {
                BareNoise.sendEncrypted(ciphers, out, text.getBytes(StandardCharsets.UTF_8));
                assertThat(new String(BareNoise.receiveDecrypted(ciphers, in), StandardCharsets.UTF_8)).isEqualTo(text);
            }
            assertThat(peer.handshakes()).isEqualTo(1);
        }
    }

    @Test
    void dialerHandshakesWithBareNoiseJavaResponder() throws Exception {
        byte[][] responderKey = new byte[1][];
        try (Loopback responder = Loopback.serve((in, out) -> {
            HandshakeState hs = BareNoise.start(HandshakeState.RESPONDER);
            byte[] publicKey = new byte[32];
            hs.getLocalKeyPair().getPublicKey(publicKey, 0);
            responderKey[0] = publicKey;
            CipherStatePair ciphers = BareNoise.handshake(hs, in, out);
            BareNoise.sendEncrypted(ciphers, out, BareNoise.receiveDecrypted(ciphers, in));
        })) {
            NoiseDialer dialer = new NoiseDialer(NoiseKeyPair.generate(), TIMEOUT);
            try (NoiseConnection conn = dialer.dial(responder.address(), PeerKeyPolicy.acceptAnyAndLog(), TIMEOUT)) {
                assertThat(conn.isHandshakeComplete()).isTrue();
                assertThat(conn.remoteStaticKey()).isEqualTo(responderKey[0]);

                conn.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
                assertThat(conn.receive()).asString(StandardCharsets.UTF_8).isEqualTo("ping");
            }
            responder.done().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
}
