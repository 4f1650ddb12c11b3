package io.noisepool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The pool's one monotonic clock: nanoseconds since the pool was created.
 *
 * <p>{@link System#nanoTime()} may be any value, negative or close to overflow, so its readings may
 * only be subtracted, never compared or combined with {@code Math.min}. Times taken from here start
 * at zero and stay far below {@link Long#MAX_VALUE} for centuries, so the pool compares them and
 * deadlines derived from them (saturated at {@link Arguments#FOREVER_NANOS}) with plain {@code <},
 * and uses {@link Long#MAX_VALUE} for "never".
 *
 * <p><b>Recent time.</b> Reading the clock costs about as much as the rest of a checkout (28 ns
 * on a VM's {@code kvm-clock}), so the hit path reads {@link #recent()} instead: a time the
 * housekeeper's thread publishes every {@link #TICK_NANOS} ({@link #tick}) while the pool is in use.
 * Its word holds the time with two flags in the low bits:
 * <ul>
 *   <li>fresh: a published time; the first reader after a tick sets {@code TOUCHED} (one CAS per
 *       tick, not per reader), which tells the ticker that someone still uses it;
 *   <li>{@code STALE}: no time is published (the ticker stopped after a tick nobody used, is busy
 *       in a cleanup that may call user code, or is gone); readers read the clock themselves, and
 *       the first one asks the ticker to start again ({@code STALE | TOUCHED}).
 * </ul>
 * So a fresh time is never older than the ticker's last run, and when the ticker cannot run on time
 * because it runs user code, readers fall back to the clock; only a ticker held up while it waits
 * for its next tick (a long GC pause, a starved CPU, a frozen JVM) lets a fresh time grow older
 * than a tick.
 *
 * <p>Not final: a test's clock overrides {@link #nanoTime()}; with no subclass loaded the call is
 * bound statically.
 */
class Clock {

    /** How often the ticker publishes a recent time while the pool is in use. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * A decision closer than this to a deadline reads the clock instead of trusting a recent time;
     * two ticks, so a ticker late by up to one more tick still decides exactly.
     */
    static final long WINDOW_NANOS = 2 * TICK_NANOS;
    /** What {@link #recent()} answers when no time is published: read the clock. */
    static final long READ_CLOCK = -1;
    /** As {@link #READ_CLOCK}, and this caller must also ask the ticker to start. */
    static final long ASK_TICKER = -2;

    private static final long TOUCHED = 1;
    private static final long STALE = 2;
    private static final long FLAGS = TOUCHED | STALE;
    private static final VarHandle RECENT;

    static {
        try {
            RECENT = MethodHandles.lookup().findVarHandle(Clock.class, "recent", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long originNanos = nanoTime();
    private final long originWallMillis = System.currentTimeMillis();
    /** The recent-time word (see the class comment); written by the ticker and by CASes of readers. */
    @SuppressWarnings("unused") // accessed through RECENT
    private volatile long recent = STALE;

    /** The raw clock; overridden by tests only. */
    long nanoTime() {
        return System.nanoTime();
    }

    /** @return nanoseconds since this clock was made, never negative */
    long now() {
        return nanoTime() - originNanos;
    }

    /** @return the wall-clock instant of a time read from {@link #now()} */
    Instant instant(long nanos) {
        return Instant.ofEpochMilli(originWallMillis).plusNanos(nanos);
    }

    /**
     * A time no older than the ticker's last run (normally at most {@link #TICK_NANOS}) and never
     * later than {@link #now()}; or {@link #READ_CLOCK} / {@link #ASK_TICKER} when none is published.
     */
    long recent() {
        long r = (long) RECENT.getVolatile(this);
        if ((r & STALE) == 0) {
            if ((r & TOUCHED) == 0) {
                RECENT.compareAndSet(this, r, r | TOUCHED); // lost only to a tick or another toucher
            }
            return r & ~FLAGS;
        }
        return r == STALE && RECENT.compareAndSet(this, STALE, STALE | TOUCHED) ? ASK_TICKER : READ_CLOCK;
    }

    /**
     * The ticker's turn: publishes {@code now} if anyone read the last time (or asked for one),
     * else stops publishing.
     *
     * @return whether to tick again after {@link #TICK_NANOS}
     */
    boolean tick(long now) {
        while (true) {
            long r = (long) RECENT.getVolatile(this);
            if (r == STALE) {
                return false; // nobody asked
            }
            if ((r & FLAGS) == 0) {
                // Nobody used the last time: stop, so an idle pool's thread sleeps until its next deadline.
                if (RECENT.compareAndSet(this, r, STALE)) {
                    return false;
                }
                continue;
            }
            if (RECENT.compareAndSet(this, r, now & ~FLAGS)) {
                return true;
            }
        }
    }

    /**
     * Stops publishing, keeping whether the time was in use (so the next {@link #tick} publishes
     * again): the ticker is about to run user code (a cleanup closes connections) or is gone, and
     * could not keep the time fresh meanwhile.
     */
    void pause() {
        while (true) {
            long r = (long) RECENT.getVolatile(this);
            long paused = (r & STALE) != 0 ? r : STALE | (r & TOUCHED);
            if (r == paused || RECENT.compareAndSet(this, r, paused)) {
                return;
            }
        }
    }
}
