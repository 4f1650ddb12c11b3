package io.noisepool;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake connection for the chaos test. It counts its closes: a second one is a violation on the
 * spot, since the test never closes a raw connection itself (except by asking the pool to remove
 * it raw, which closes it even when the pool no longer held it). It can die like a peer hanging
 * up ({@link #die()}), and knows who holds it, so two callers holding it at once is caught.
 */
final class ChaosConn extends FakeConn {

    private final ChaosLedger ledger;
    final int addressIndex;
    final String address;
    /** The worker that holds it checked out, or null. */
    final AtomicReference<Object> holder = new AtomicReference<>();
    /** Set before the test removes it as a raw connection, which spends whatever lease is out on it. */
    volatile boolean removedRaw;

    /** Its remote address is the one {@link Pool#put(Conn)} turns into {@code address}. */
    ChaosConn(ChaosLedger ledger, int addressIndex, String address) {
        super(ChaosTest.remoteOf(addressIndex));
        this.ledger = ledger;
        this.addressIndex = addressIndex;
        this.address = address;
    }

    @Override
    public void close() {
        open = false;
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

    @Override
    public String toString() {
        return "ChaosConn[" + address + ", " + Integer.toHexString(System.identityHashCode(this)) + "]";
    }
}
