package io.noisepool;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** {@link Conn} over a {@link SocketChannel}; see {@link Conn#of(SocketChannel)}. */
final class SocketChannelConn implements Conn {

    private final SocketChannel channel;
    private final SocketAddress remote;
    private final SocketAddress local;

    SocketChannelConn(SocketChannel channel) {
        this.channel = channel;
        this.remote = channel.socket().getRemoteSocketAddress();
        this.local = channel.socket().getLocalSocketAddress();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public String toString() {
        return "Conn[" + local + " -> " + remote + "]";
    }
}
