package io.noisepool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A dialer that hands out FakeConns and records every one, plus how many dials overlapped. */
class RecordingDialer implements Dialer {

    final List<FakeConn> dialed = new CopyOnWriteArrayList<>();
    final List<Duration> timeouts = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    @Override
    public Conn dial(Duration timeout) throws Exception {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            timeouts.add(timeout);
            beforeReturn();
            FakeConn conn = new FakeConn();
            dialed.add(conn);
            return conn;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Hook for subclasses: block, fail, ... */
    void beforeReturn() throws Exception {}

    /** A dialer that counts {@code dialing} down once a dial starts, then blocks until {@code proceed} opens. */
    static RecordingDialer blocking(CountDownLatch dialing, CountDownLatch proceed) {
        return new RecordingDialer() {
            @Override
            void beforeReturn() throws Exception {
                dialing.countDown();
                proceed.await();
            }
        };
    }

    int count() {
        return dialed.size();
    }
}
