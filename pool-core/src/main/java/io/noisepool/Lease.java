package io.noisepool;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * One checkout of one entry: the {@link PooledConnection} handed out. It is spent exactly once,
 * by whoever wins {@link #spend()} (its own close or discard, or the pool's release or remove), and
 * after that no I/O passes through it, so a stale reference cannot reach a connection that
 * another caller now holds.
 */
final class Lease implements PooledConnection {

    private static final VarHandle SPENT;

    static {
        try {
            SPENT = MethodHandles.lookup().findVarHandle(Lease.class, "spent", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ConnPool pool;
    final Entry entry;
    final long checkoutNanos;
    /** Where it was checked out, when leak detection is on; else null. */
    final Throwable origin;
    private final boolean fresh;
    /** Set once by the housekeeper when it warned about this checkout. */
    volatile boolean leakReported;

    @SuppressWarnings("unused") // accessed through SPENT
    private volatile boolean spent;

    Lease(ConnPool pool, Entry entry, long checkoutNanos, Throwable origin, boolean fresh) {
        this.pool = pool;
        this.entry = entry;
        this.checkoutNanos = checkoutNanos;
        this.origin = origin;
        this.fresh = fresh;
    }

    /** @return true for the one caller that ends this lease */
    boolean spend() {
        return SPENT.compareAndSet(this, false, true);
    }

    boolean isSpent() {
        return spent;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (spent) {
            throw new ClosedChannelException();
        }
        return entry.conn.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (spent) {
            throw new ClosedChannelException();
        }
        return entry.conn.write(src);
    }

    @Override
    public boolean isOpen() {
        return !spent && entry.conn.isOpen();
    }

    @Override
    public void close() {
        if (spend()) {
            pool.checkin(this);
        }
    }

    @Override
    public void discard() {
        if (spend()) {
            pool.discard(this, EvictionReason.DISCARDED);
        }
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
            throw new IllegalArgumentException("The connection to " + address() + " is a "
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
        return "PooledConnection[" + address() + (spent ? ", spent" : "") + ", " + entry.conn + "]";
    }
}
