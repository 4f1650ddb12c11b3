package io.noisepool.sample.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The echo peer's server behaviour: counting, isolation of bad clients, timeouts, limits, close. */
class NoiseEchoPeerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final NoiseKeyPair peerKey = NoiseKeyPair.generate();
    private final NoiseDialer dialer = new NoiseDialer(NoiseKeyPair.generate(), TIMEOUT);
    private NoiseEchoPeer peer;

    @AfterEach
    void stopPeer() {
        peer.close();
    }

    private void startPeer(Duration handshakeTimeout) throws IOException {
        peer = NoiseEchoPeer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), peerKey, handshakeTimeout);
    }

    private void startPeer(Duration idleTimeout, int maxConnections) throws IOException {
        peer = NoiseEchoPeer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), peerKey, TIMEOUT,
                idleTimeout, maxConnections);
    }

    private NoiseConnection dial() throws IOException {
        return dialer.dial(peer.address(), PeerKeyPolicy.pinned(peerKey.publicKey()), TIMEOUT);
    }

    @Test
    void countsEachCompletedHandshake() throws IOException {
        startPeer(TIMEOUT);
        for (int i = 0; i < 3; i++) {
            dial().close();
        }
        // The client is done after sending the last handshake message; the peer counts on reading it.
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(peer.handshakes()).isEqualTo(3));
    }

    @Test
    void garbageClientIsDroppedWhileAnotherConnectionKeepsWorking() throws IOException {
        startPeer(TIMEOUT);
        try (NoiseConnection good = dial(); Socket garbage = rawClient()) {
            OutputStream out = garbage.getOutputStream();
            out.write(new byte[] {0, 5, 'h', 'e', 'l', 'l', 'o'});
            out.flush();

            assertThat(garbage.getInputStream().read()).as("peer closes the garbage connection").isEqualTo(-1);
            good.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(good.receive()).containsExactly(1, 2, 3);
            assertThat(peer.handshakes()).isEqualTo(1);
        }
    }

    @Test
    void clientStalledMidHandshakeIsDroppedAfterTheTimeout() throws IOException {
        startPeer(Duration.ofMillis(200));
        try (NoiseConnection good = dial(); Socket stalled = rawClient()) {
            // Half of a handshake message's length prefix, then silence.
            stalled.getOutputStream().write(0);
            stalled.getOutputStream().flush();

            assertThat(stalled.getInputStream().read()).as("peer closes the stalled connection").isEqualTo(-1);
            good.send(ByteBuffer.wrap(new byte[] {9}));
            assertThat(good.receive()).containsExactly(9);
        }
    }

    @Test
    void connectionSilentAfterItsHandshakeIsClosedAfterTheIdleTimeout() throws IOException {
        startPeer(Duration.ofMillis(200), 4);
        try (NoiseConnection idle = dial()) {
            assertThat(idle.receive()).as("the peer ends the silent connection cleanly").isNull();
            await().atMost(TIMEOUT).until(() -> peer.openConnections() == 0);
            assertThat(peer.handshakes()).isEqualTo(1);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedOnArrivalAndTheSlotComesBackWhenOneEnds() throws IOException {
        startPeer(TIMEOUT, 2);
        try (Socket first = rawClient(); NoiseConnection second = dial()) {
            await().atMost(TIMEOUT).until(() -> peer.openConnections() == 2);
            try (Socket third = rawClient()) {
                assertThat(third.getInputStream().read()).as("peer closes the connection over its limit").isEqualTo(-1);
            }
            assertThat(peer.refusedConnections()).isEqualTo(1);
            second.send(ByteBuffer.wrap(new byte[] {7}));
            assertThat(second.receive()).as("the connections within the limit are still served").containsExactly(7);

            first.close();
            await().atMost(TIMEOUT).until(() -> peer.openConnections() == 1);
            try (NoiseConnection again = dial()) {
                again.send(ByteBuffer.wrap(new byte[] {8}));
                assertThat(again.receive()).containsExactly(8);
            }
        }
    }

    @Test
    void floodOfStalledConnectionsHoldsNoMoreThreadsOrSocketsThanTheLimit() throws IOException {
        int limit = 4;
        int flood = 60;
        startPeer(TIMEOUT, limit);
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < flood; i++) {
                clients.add(rawClient());
            }
            await().atMost(TIMEOUT).until(() -> peer.refusedConnections() == flood - limit);

            assertThat(peer.openConnections()).isEqualTo(limit);
            String workerPrefix = "noise-echo-peer-" + peer.address().getPort() + "-";
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith(workerPrefix))
                    .as("one thread per connection served, none for the refused").hasSize(limit);
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
    }

    @Test
    void closeEndsOpenConnectionsAndStopsAccepting() throws IOException {
        startPeer(TIMEOUT);
        NoiseConnection conn = dial();
        await().atMost(TIMEOUT).until(() -> peer.openConnections() == 1);

        peer.close();

        assertThat(conn.receive()).as("clean end of stream").isNull();
        await().atMost(TIMEOUT).until(() -> peer.openConnections() == 0);
        try (Socket probe = new Socket()) {
            assertThatThrownBy(() -> probe.connect(peer.address(), 2000))
                    .isInstanceOf(IOException.class);
        }
    }

    private Socket rawClient() throws IOException {
        Socket socket = new Socket(peer.address().getAddress(), peer.address().getPort());
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        return socket;
    }
}
