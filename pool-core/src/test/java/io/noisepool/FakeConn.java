package io.noisepool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicInteger;

/** A connection that records what the pool does to it. */
class FakeConn implements Conn {

    private static final AtomicInteger PORTS = new AtomicInteger(20000);

    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    private final SocketAddress remote;
    volatile boolean open = true;
    volatile IOException failOnClose;

    FakeConn() {
        this(InetSocketAddress.createUnresolved("peer.test", 1 + Math.floorMod(PORTS.incrementAndGet(), 65535)));
    }

    FakeConn(SocketAddress remote) {
        this.remote = remote;
    }

    int closeCount() {
        return closes.get();
    }

    /** The peer hung up: the pool should find it dead. */
    void die() {
        open = false;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        return 0;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        writes.incrementAndGet();
        int n = src.remaining();
        src.position(src.limit());
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        closes.incrementAndGet();
        open = false;
        if (failOnClose != null) {
            throw failOnClose;
        }
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public String toString() {
        return "FakeConn[" + remote + "]";
    }
}
