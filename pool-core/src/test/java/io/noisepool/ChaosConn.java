package io.noisepool;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake connection for the chaos test. It counts its closes: a second one is a violation on the
 * spot, since the test never closes a raw connection itself (except by asking the pool to remove
 * it raw, which closes it even when the pool no longer held it). It can die like a peer hanging
 * up, and knows who holds it, so two callers holding it at once is caught.
 */
final class ChaosConn implements Conn {

    private final ChaosLedger ledger;
    final int addressIndex;
    final String address;
    private final AtomicInteger closes = new AtomicInteger();
    /** The worker that holds it checked out, or null. */
    final AtomicReference<Object> holder = new AtomicReference<>();
    /** Set before the test removes it as a raw connection, which spends whatever lease is out on it. */
    volatile boolean removedRaw;
    private volatile boolean open = true;

    ChaosConn(ChaosLedger ledger, int addressIndex, String address) {
        this.ledger = ledger;
        this.addressIndex = addressIndex;
        this.address = address;
    }

    /** The peer hung up: reads and writes fail and {@link #isOpen()} turns false, but nobody closed it. */
    void die() {
        open = false;
    }

    int closes() {
        return closes.get();
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
        int n = src.remaining();
        src.position(src.limit());
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        // remove() of a connection the pool no longer holds closes it all the same: the test asked for that one.
        if (closes.incrementAndGet() > 1 && !removedRaw) {
            StringBuilder where = new StringBuilder();
            StackTraceElement[] trace = new Throwable().getStackTrace();
            for (int i = 1; i < Math.min(8, trace.length); i++) {
                where.append("\n    at ").append(trace[i]);
            }
            ledger.violation("closed " + closes.get() + " times: " + this + " by " + Thread.currentThread().getName()
                    + where);
        }
    }

    /** {@code host:port}, as {@link Pool#put(Conn)} formats it, equal to the address the test uses. */
    @Override
    public SocketAddress remoteAddress() {
        return ChaosTest.remoteOf(addressIndex);
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public String toString() {
        return "ChaosConn[" + address + ", " + Integer.toHexString(System.identityHashCode(this)) + "]";
    }
}
