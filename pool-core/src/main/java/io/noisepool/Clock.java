package io.noisepool;

import java.time.Instant;

/**
 * The pool's one monotonic clock: nanoseconds since the pool was created.
 *
 * <p>{@link System#nanoTime()} may be any value, negative or close to overflow, so its readings may
 * only be subtracted, never compared or combined with {@code Math.min}. Times taken from here start
 * at zero and stay far below {@link Long#MAX_VALUE} for centuries, so the pool compares them and
 * deadlines derived from them (saturated at {@link Arguments#FOREVER_NANOS}) with plain {@code <},
 * and uses {@link Long#MAX_VALUE} for "never".
 */
final class Clock {

    private final long originNanos = System.nanoTime();
    private final long originWallMillis = System.currentTimeMillis();

    /** @return nanoseconds since this clock was made, never negative */
    long now() {
        return System.nanoTime() - originNanos;
    }

    /** @return the wall-clock instant of a time read from {@link #now()} */
    Instant instant(long nanos) {
        return Instant.ofEpochMilli(originWallMillis).plusNanos(nanos);
    }
}
