package io.noisepool;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A dedicated platform thread that runs an action on each value handed to it, spinning rather
 * than parking so that it starts within nanoseconds of the hand-off: races whose window is a few
 * instructions wide (a dial racing a remove, a return racing a caller deciding to wait) need the
 * two sides aligned that tightly, and a parked thread takes tens of microseconds to wake. Before
 * each action it spins a random number of times up to {@code maxJitter}, so that repeated tries
 * sweep the action across the other side's window instead of always landing at one offset.
 *
 * <p>Spinning is only for alignment; every wait has a generous bound that fails a hung test.
 *
 * @param <T> what is handed over
 */
final class SpinPartner<T> implements AutoCloseable {

    /** Bound on one hand-off or one action: far beyond any legitimate run, it only fails a hang. */
    private static final long HUNG_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final AtomicReference<T> slot = new AtomicReference<>();
    private final Thread thread;
    private final int maxJitter;
    private volatile long done;
    private volatile Throwable failure;
    private volatile boolean stopped;
    private long handed;

    SpinPartner(String name, int maxJitter, Consumer<T> action) {
        this.maxJitter = maxJitter;
        this.thread = new Thread(() -> run(action), name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run(Consumer<T> action) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stopped) {
            T value = slot.getAndSet(null);
            if (value == null) {
                Thread.onSpinWait();
                continue;
            }
            jitter(random, maxJitter);
            try {
                action.accept(value);
            } catch (Throwable t) {
                failure = t;
            }
            done++;
        }
    }

    /** Spins a random number of times up to {@code max}: a random offset of a few hundred nanoseconds at most. */
    static void jitter(ThreadLocalRandom random, int max) {
        for (int i = random.nextInt(max + 1); i > 0; i--) {
            Thread.onSpinWait();
        }
    }

    /** Hands a value over; the partner acts on it at once. Not thread-safe: one handing thread. */
    void hand(T value) {
        handed++;
        slot.set(value);
    }

    /** Waits (spinning, bounded) until the partner has acted on everything handed so far; rethrows what it threw. */
    void awaitDone() {
        long deadline = System.nanoTime() + HUNG_NANOS;
        while (done < handed) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(thread.getName() + " did not finish within 30 s; it is at "
                        + java.util.Arrays.toString(thread.getStackTrace()));
            }
            Thread.onSpinWait();
        }
        Throwable t = failure;
        if (t != null) {
            failure = null;
            throw new AssertionError(thread.getName() + " failed", t);
        }
    }

    @Override
    public void close() {
        stopped = true;
    }
}
