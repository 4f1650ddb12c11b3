package io.noisepool;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The chaos test's measure of what a waiting caller feels: how long a caller stayed inside
 * {@code getOrDial} while its address could have served it at once, that is while the address
 * had an idle connection, or had room for a dial (no dial in flight for it, fewer than
 * {@code maxSize} connections, and either room under {@code maxTotal} or an idle connection
 * anywhere to evict). A caller woken when a connection comes back takes it within microseconds,
 * so such a state lasting past {@link #BOUND} means the caller slept through it: a lost wake-up, or
 * newcomers taking every returned connection first.
 *
 * <p>A caller inside its own dial is not counted: the chaos dialer hangs some dials until their
 * timeout, and a connection that comes back meanwhile cannot serve a caller already committed to
 * its dial.
 *
 * <p>Judged from outside by the sampling thread: every sample reads {@code snapshot()},
 * {@code stats()} and the dials in flight, and for each caller inside {@code getOrDial} whose
 * thread is parked ({@code WAITING} or {@code TIMED_WAITING}: not merely runnable and waiting for a
 * core, which 64 busy threads on two cores make common) notes since when capacity has been
 * available without a break. Both must hold at every sample across the bound plus {@link #SLACK},
 * so a connection returned a moment ago that a waiter is about to take does not count. Touched by
 * the sampling thread only.
 */
final class ChaosCapacityWatch {

    /** Longest a caller may stay inside getOrDial while its address could serve it: far above a hand-off. */
    static final Duration BOUND = Duration.ofMillis(100);
    /** Added to the bound before a caller counts as a violation: two sampling periods, the granularity of the measure. */
    static final Duration SLACK = Duration.ofMillis(2 * ChaosTest.SAMPLE_MILLIS);
    private static final long NONE = Long.MIN_VALUE;

    private final long[] seenCall = new long[ChaosTest.THREADS];
    /** Since when (monotonic) capacity was available at every sample during the current call; NONE if not at the last one. */
    private final long[] capacitySince = new long[ChaosTest.THREADS];
    private final boolean[] reported = new boolean[ChaosTest.THREADS];
    private long longestNanos;
    private int overBound;

    ChaosCapacityWatch() {
        Arrays.fill(capacitySince, NONE);
    }

    void sample(ChaosTest.Context ctx, List<ConnSnapshot> snapshot, PoolStats stats, long now) {
        if (ctx.pool.isClosed()) {
            return;
        }
        int[] pooled = new int[ChaosTest.ADDRESSES];
        int[] idle = new int[ChaosTest.ADDRESSES];
        boolean anyIdle = false;
        for (ConnSnapshot s : snapshot) {
            int index = ChaosTest.indexOf(s.address());
            pooled[index]++;
            if (!s.inUse()) {
                idle[index]++;
                anyIdle = true;
            }
        }
        // Dials in flight hold total slots too, and a hung one holds its slot until its timeout.
        boolean roomUnderTotal = stats.total() + stats.dialing() < ChaosTest.MAX_TOTAL || anyIdle;
        for (int i = 0; i < ChaosTest.THREADS; i++) {
            ChaosWorker.Watch watch = ctx.watches[i];
            long call = watch.acquireCalls;
            int index = watch.acquiring;
            if (call != seenCall[i]) {
                seenCall[i] = call;
                capacitySince[i] = NONE;
                reported[i] = false;
            }
            if (index < 0 || watch.acquireCalls != call) {
                capacitySince[i] = NONE;
                continue;
            }
            boolean capacity = idle[index] > 0 || ctx.dialsInFlight[index].get() == 0
                    && pooled[index] < ChaosTest.MAX_SIZE && roomUnderTotal;
            // A caller parked inside its own dial (an injected hang) is waiting for its dialer, not the pool.
            if (!capacity || !isParked(watch.thread) || watch.dialing) {
                capacitySince[i] = NONE;
                continue;
            }
            if (capacitySince[i] == NONE) {
                capacitySince[i] = now;
                continue;
            }
            long parked = now - capacitySince[i];
            longestNanos = Math.max(longestNanos, parked);
            if (parked > BOUND.plus(SLACK).toNanos() && !reported[i]) {
                reported[i] = true;
                overBound++;
                ctx.ledger.violation(String.format("worker %d inside getOrDial(%s) for %d ms, parked for %d ms while it"
                                + " could have been served (%d idle, %d pooled there; %s); parked at%s", i,
                        ChaosTest.address(index), TimeUnit.NANOSECONDS.toMillis(now - watch.acquireStarted),
                        TimeUnit.NANOSECONDS.toMillis(parked), idle[index], pooled[index], stats, whereParked(watch.thread)));
            }
        }
    }

    /** The frames from the park up to the pool's entry point: a condition wait and a lock wait read differently. */
    private static String whereParked(Thread thread) {
        StringBuilder where = new StringBuilder();
        for (StackTraceElement frame : thread.getStackTrace()) {
            where.append("\n    at ").append(frame);
            if (frame.getClassName().equals(ChaosWorker.class.getName())) {
                break;
            }
        }
        return where.toString();
    }

    private static boolean isParked(Thread thread) {
        if (thread == null) {
            return false;
        }
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    String report() {
        return String.format("longest parked wait inside getOrDial while capacity was available: %d ms; callers"
                + " parked so past %d ms (+%d ms slack): %d", TimeUnit.NANOSECONDS.toMillis(longestNanos), BOUND.toMillis(),
                SLACK.toMillis(), overBound);
    }
}
