package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Conn.of over real loopback sockets, pooled and reused. */
class ConnAdapterTest {

    private ServerSocket server;
    private final ExecutorService echo = Executors.newCachedThreadPool();

    @BeforeEach
    void startEchoServer() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        echo.submit(() -> {
            while (!server.isClosed()) {
                Socket s = server.accept();
                echo.submit(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        in.transferTo(out);
                    }
                    return null;
                });
            }
            return null;
        });
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        echo.shutdownNow();
    }

    private InetSocketAddress serverAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private static String roundTrip(Conn conn, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            conn.write(out);
        }
        ByteBuffer in = ByteBuffer.allocate(bytes.length);
        while (in.hasRemaining()) {
            if (conn.read(in) < 0) {
                break;
            }
        }
        return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
    }

    @Test
    void socketChannelConnIsPooledAndReusedOverLoopback() throws Exception {
        String key = "127.0.0.1:" + server.getLocalPort();
        try (ConnPool pool = new ConnPool()) {
            PooledConnection first = pool.getOrDial(key, timeout -> Conn.of(SocketChannel.open(serverAddress())));
            assertThat(roundTrip(first, "hello")).isEqualTo("hello");
            assertThat(first.remoteAddress()).isEqualTo(serverAddress());
            assertThat(first.localAddress()).isNotNull();
            first.close();

            PooledConnection second = pool.getOrDial(key, timeout -> {
                throw new AssertionError("should reuse");
            });
            assertThat(roundTrip(second, "again")).isEqualTo("again");
            SocketChannelConn raw = second.unwrap(SocketChannelConn.class);
            second.discard();
            assertThat(raw.isOpen()).isFalse();
        }
    }

    @Test
    void socketConnAdaptsAPlainSocketAndPutKeysItByHostAndPort() throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()), 10_000);
        Conn conn = Conn.of(socket);
        assertThat(roundTrip(conn, "plain")).isEqualTo("plain");
        try (ConnPool pool = new ConnPool()) {
            pool.put(conn);
            PooledConnection got = pool.get("127.0.0.1:" + server.getLocalPort());
            assertThat(got).isNotNull();
            assertThat(roundTrip(got, "pooled")).isEqualTo("pooled");
            got.close();
        }
        assertThat(socket.isClosed()).isTrue();
        assertThat(conn.isOpen()).isFalse();
    }
}
