package io.noisepool.autoconfigure;

import io.noisepool.Conn;
import io.noisepool.Dialer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A TCP server on a loopback port picked by the OS, accepting connections on a daemon thread and
 * holding them open until {@link #close()}. Tests dial it for real connections. Registered as a
 * JUnit extension field ({@code @RegisterExtension}), it closes itself after each test.
 */
public final class LoopbackServer implements AutoCloseable, AfterEachCallback {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public LoopbackServer() {
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.acceptor = new Thread(this::acceptUntilClosed, "loopback-acceptor");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    private void acceptUntilClosed() {
        while (!this.server.isClosed()) {
            try {
                this.accepted.add(this.server.accept());
            } catch (IOException ex) {
                return; // closed
            }
        }
    }

    /** @return {@code host:port} of this server, the pool key tests use */
    public String address() {
        return this.server.getInetAddress().getHostAddress() + ":" + this.server.getLocalPort();
    }

    /** @return a dialer that opens a new socket to this server */
    public Dialer dialer() {
        return timeout -> {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(this.server.getInetAddress(), this.server.getLocalPort()),
                    (int) Math.max(1, timeout.toMillis()));
            return Conn.of(socket);
        };
    }

    /** @return a new connection to this server, not pooled */
    public Conn connect() throws Exception {
        return dialer().dial(Duration.ofSeconds(10));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
    }

    @Override
    public void close() throws IOException {
        this.server.close();
        for (Socket socket : this.accepted) {
            socket.close();
        }
    }
}
