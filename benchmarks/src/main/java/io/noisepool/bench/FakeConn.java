package io.noisepool.bench;

import io.noisepool.Conn;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A connection that does nothing, so a benchmark measures pool bookkeeping and not I/O. Open until
 * closed; reads and writes move no bytes. Safe from any thread.
 */
public final class FakeConn implements Conn {

    // Written once by close(), read by any thread that checks the connection before handing it out.
    private volatile boolean open = true;

    @Override
    public int read(ByteBuffer dst) {
        return 0;
    }

    @Override
    public int write(ByteBuffer src) {
        return 0;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }
}
