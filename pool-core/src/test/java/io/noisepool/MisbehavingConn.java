package io.noisepool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link FakeConn} whose callbacks misbehave on demand, as a user's connection may: {@code isOpen}
 * or {@code close} throwing anything (an {@code Error} included), {@code close} or the next
 * {@code write} blocking until the test lets it go. It also counts writers inside {@code write}
 * at once, so two callers on one connection are caught.
 */
final class MisbehavingConn extends FakeConn {

    /** Bound on any block: only there so a broken test cannot hang the build. */
    private static final long HUNG_SECONDS = 60;

    /** What {@code isOpen} throws while set (a RuntimeException or an Error). */
    volatile Throwable isOpenThrows;
    /** What {@code close} throws after marking itself closed, while set. */
    volatile Throwable closeThrows;

    /** Whether the next {@code close} blocks until {@link #letCloseFinish}. */
    final AtomicBoolean blockNextClose = new AtomicBoolean();
    final CountDownLatch closeEntered = new CountDownLatch(1);
    final CountDownLatch letCloseFinish = new CountDownLatch(1);
    /** Closes that have returned (or thrown): until then the socket counts as open. */
    final AtomicInteger closesFinished = new AtomicInteger();

    /** Whether the next {@code write} blocks until {@link #letWriteFinish}. */
    final AtomicBoolean blockNextWrite = new AtomicBoolean();
    final CountDownLatch writeEntered = new CountDownLatch(1);
    final CountDownLatch letWriteFinish = new CountDownLatch(1);
    final AtomicInteger writersInside = new AtomicInteger();
    final AtomicInteger mostWritersInside = new AtomicInteger();

    MisbehavingConn() {
        super(null);
    }

    @Override
    public boolean isOpen() {
        Throwable t = isOpenThrows;
        if (t != null) {
            throw unchecked(t);
        }
        return super.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            if (blockNextClose.compareAndSet(true, false)) {
                closeEntered.countDown();
                await(letCloseFinish);
            }
            super.close();
            Throwable t = closeThrows;
            if (t != null) {
                throw unchecked(t);
            }
        } finally {
            closesFinished.incrementAndGet();
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int inside = writersInside.incrementAndGet();
        mostWritersInside.accumulateAndGet(inside, Math::max);
        try {
            if (blockNextWrite.compareAndSet(true, false)) {
                writeEntered.countDown();
                await(letWriteFinish);
            }
            return super.write(src);
        } finally {
            writersInside.decrementAndGet();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(HUNG_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the blocked call finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while blocked on purpose", e);
        }
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof Error) {
            throw (Error) t;
        }
        return (RuntimeException) t;
    }

    @Override
    public String toString() {
        return "MisbehavingConn@" + Integer.toHexString(System.identityHashCode(this));
    }
}
