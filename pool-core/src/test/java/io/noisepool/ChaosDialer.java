package io.noisepool;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dialer of one chaos {@code getOrDial} call: it fails 10% of the time, hangs until its
 * timeout 1% (parked on a latch the test opens when a round ends, never sleep-polling), returns
 * null 0.5%, and otherwise creates a {@link ChaosConn}. On the way it checks what the pool owes a
 * dialer: at most one dial in flight for its address, a timeout that is set, not negative and
 * within the caller's, and room for the new connection under the address's limit.
 */
final class ChaosDialer implements Dialer {

    /** Thrown for the injected 10% of failed dials, so the test can tell its own failures apart. */
    static final class InjectedDialFailure extends IOException {
        private static final long serialVersionUID = 1L;

        InjectedDialFailure(String address) {
            super("injected dial failure to " + address);
        }
    }

    private final ChaosTest.Context ctx;
    private final int addressIndex;
    private final String address;
    private final Duration callerTimeout;
    private final ChaosWorker.Watch caller;
    /** The connection this dial created, or null; read by the caller after getOrDial returns. */
    volatile ChaosConn created;

    ChaosDialer(ChaosTest.Context ctx, int addressIndex, Duration callerTimeout, ChaosWorker.Watch caller) {
        this.ctx = ctx;
        this.addressIndex = addressIndex;
        this.address = ChaosTest.address(addressIndex);
        this.callerTimeout = callerTimeout;
        this.caller = caller;
    }

    @Override
    public Conn dial(Duration timeout) throws Exception {
        AtomicInteger inFlight = ctx.dialsInFlight[addressIndex];
        int now = inFlight.incrementAndGet();
        caller.dialing = true;
        try {
            if (now > 1) {
                ctx.ledger.violation(now + " dials in flight for " + address);
            }
            if (timeout == null || timeout.isNegative() || timeout.compareTo(callerTimeout) > 0) {
                ctx.ledger.violation("dialer for " + address + " got timeout " + timeout + ", caller gave " + callerTimeout);
            }
            // The address's dial turn is ours, so nothing else can join it: what is pooled now must leave room.
            long pooled = ctx.pool.snapshot().stream().filter(s -> s.address().equals(address)).count();
            if (pooled >= ChaosTest.MAX_SIZE) {
                ctx.ledger.violation("dialing " + address + " with " + pooled + " already pooled (maxSize "
                        + ChaosTest.MAX_SIZE + ")");
            }
            return dialWithFaults(timeout);
        } finally {
            caller.dialing = false;
            inFlight.decrementAndGet();
        }
    }

    private Conn dialWithFaults(Duration timeout) throws Exception {
        int roll = ThreadLocalRandom.current().nextInt(1000);
        if (roll < 100) {
            ctx.ledger.event("fault: dial failed");
            throw new InjectedDialFailure(address);
        }
        if (roll < 110) {
            ctx.ledger.event("fault: dial hung until its timeout");
            CountDownLatch hang = ctx.hangUntilRoundEnds;
            if (!hang.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new SocketTimeoutException("injected hang to " + address + " timed out after " + timeout);
            }
            throw new SocketTimeoutException("injected hang to " + address + " cut short by the end of the round");
        }
        if (roll < 115) {
            ctx.ledger.event("fault: dialer returned null");
            return null;
        }
        ChaosConn conn = ctx.ledger.newConn(addressIndex, address);
        created = conn;
        // For a raw remove racing this dial's hand-out (issue 11: that race lost a slot for good).
        ctx.justDialed.set(conn);
        return conn;
    }
}
