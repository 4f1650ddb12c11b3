package io.noisepool.bench;

import io.noisepool.Conn;
import io.noisepool.Dialer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A dialer that takes a fixed time, like a TCP connect plus handshake, and counts its dials and
 * how many of them started while another was still in flight. Thread-safe.
 */
final class SlowDialer implements Dialer {

    private final long dialNanos;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong dials = new AtomicLong();
    private final AtomicLong overlapping = new AtomicLong();

    SlowDialer(Duration dialTime) {
        this.dialNanos = dialTime.toNanos();
    }

    @Override
    public Conn dial(Duration timeout) {
        dials.incrementAndGet();
        if (inFlight.incrementAndGet() > 1) {
            overlapping.incrementAndGet();
        }
        try {
            // The simulated handshake itself, not a wait for a condition; park may wake early.
            long deadline = System.nanoTime() + dialNanos;
            for (long left = dialNanos; left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            return new FakeConn();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * @return dials started since the last call, and resets the count
     */
    long takeDials() {
        return dials.getAndSet(0);
    }

    /**
     * @return dials started while another was in flight since the last call, and resets the count
     */
    long takeOverlapping() {
        return overlapping.getAndSet(0);
    }
}
