package io.noisepool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** {@link Conn} over a plain {@link Socket}'s streams; see {@link Conn#of(Socket)}. */
final class SocketConn implements Conn {

    private final Socket socket;
    private final ReadableByteChannel in;
    private final WritableByteChannel out;

    SocketConn(Socket socket) {
        this.socket = socket;
        try {
            this.in = Channels.newChannel(socket.getInputStream());
            this.out = Channels.newChannel(socket.getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot adapt socket " + socket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return in.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return out.write(src);
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public SocketAddress remoteAddress() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public String toString() {
        return "Conn[" + socket.getLocalSocketAddress() + " -> " + socket.getRemoteSocketAddress() + "]";
    }
}
