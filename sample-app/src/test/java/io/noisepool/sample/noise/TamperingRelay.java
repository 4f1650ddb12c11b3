package io.noisepool.sample.noise;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;

/**
 * A man in the middle for one connection: relays frames both ways and flips one bit in the n-th
 * frame travelling from the server to the client (counting from 0, handshake messages included).
 */
final class TamperingRelay implements AutoCloseable {

    private final ServerSocket listener;

    TamperingRelay(SocketAddress upstream, int frameToTamper) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (Socket client = listener.accept(); Socket server = new Socket()) {
                server.connect(upstream);
                Thread up = new Thread(() -> pump(client, server, -1), "relay-up");
                up.setDaemon(true);
                up.start();
                pump(server, client, frameToTamper);
            } catch (IOException e) {
                // The test's side closed; the relay simply ends.
            }
        }, "relay-down");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    private static void pump(Socket from, Socket to, int frameToTamper) {
        try {
            DataInputStream in = new DataInputStream(from.getInputStream());
            DataOutputStream out = new DataOutputStream(to.getOutputStream());
            for (int index = 0; ; index++) {
                byte[] frame = BareNoise.readFrame(in);
                if (index == frameToTamper) {
                    frame[frame.length / 2] ^= 0x01;
                }
                BareNoise.writeFrame(out, frame, frame.length);
            }
        } catch (IOException e) {
            // End of stream on either side ends this direction.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
