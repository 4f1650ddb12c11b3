package io.noisepool;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * One checkout of one entry: the {@link PooledConnection} handed out. It is live while the entry's
 * state still belongs to {@link #held}, the hold its claim produced; the first transition out of
 * that hold (its own close or discard, the pool's release or remove, a close of the pool) spends it
 * for good, and after that no I/O passes through it, so a stale reference cannot reach a connection
 * that another caller now holds.
 *
 * <p>Each read and write is counted on the entry while it runs ({@link Entry#enterIo}). A close
 * from another thread during one does not return the connection to the pool: it is closed instead,
 * so a second borrower can never use it at the same time (on a Noise connection, two writers on one
 * cipher state).
 */
final class Lease implements PooledConnection {

    final ConnPool pool;
    final Entry entry;
    /** The entry's state for this checkout; see {@link Entry}. */
    final long held;
    /** Where it was checked out, when leak detection is on; else null. */
    final Throwable origin;
    private final boolean fresh;
    /** Set once by the housekeeper when it warned about this checkout. */
    volatile boolean leakReported;

    Lease(ConnPool pool, Entry entry, long held, Throwable origin, boolean fresh) {
        this.pool = pool;
        this.entry = entry;
        this.held = held;
        this.origin = origin;
        this.fresh = fresh;
    }

    boolean isSpent() {
        return !entry.isCheckout(held);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!entry.enterIo(held)) {
            throw new ClosedChannelException();
        }
        try {
            return entry.conn.read(dst);
        } finally {
            entry.exitIo(held);
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!entry.enterIo(held)) {
            throw new ClosedChannelException();
        }
        try {
            return entry.conn.write(src);
        } finally {
            entry.exitIo(held);
        }
    }

    @Override
    public boolean isOpen() {
        return !isSpent() && entry.conn.isOpen();
    }

    @Override
    public void close() {
        pool.checkin(entry, held);
    }

    @Override
    public void discard() {
        pool.discard(this);
    }

    @Override
    public String address() {
        return entry.host.address;
    }

    @Override
    public boolean fresh() {
        return fresh;
    }

    @Override
    public <T extends Conn> T unwrap(Class<T> type) {
        if (type == null || !type.isInstance(entry.conn)) {
            throw new IllegalArgumentException("The connection to " + Arguments.printable(address()) + " is a "
                    + entry.conn.getClass().getName() + ", not a " + (type == null ? "null type" : type.getName()));
        }
        return type.cast(entry.conn);
    }

    @Override
    public SocketAddress remoteAddress() {
        return entry.conn.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return entry.conn.localAddress();
    }

    @Override
    public String toString() {
        return "PooledConnection[" + Arguments.printable(address()) + (isSpent() ? ", spent" : "") + ", "
                + Arguments.printable(entry.conn) + "]";
    }
}
