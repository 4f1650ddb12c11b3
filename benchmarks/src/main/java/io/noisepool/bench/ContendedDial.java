package io.noisepool.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Benchmark 3, the contended dial: 8 callers ask for the same cold address at once, and dialing
 * takes 1 ms. One operation is one such round; its time is the time until all 8 were served. The
 * counters report dials made and dials that started while another was in flight, which a pool that
 * serialises dials per address keeps at zero.
 *
 * <p>With {@code holdUntilAllServed} false each caller returns its connection at once, so a pool
 * that serialises dials can serve later callers from the first connection; with true every caller
 * keeps its connection until all 8 have one, so 8 connections are needed whatever the pool does.
 * HikariCP's bag is left out: it never dials (its pool fills it from one background thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
public class ContendedDial {

    static final int CALLERS = 8;
    // Generous: only there to fail a hung round instead of hanging the run.
    private static final long HUNG_SECONDS = 30;

    /** The pool under test. */
    @Param({"OURS", "OURS_PARALLEL_DIALS", "COMMONS_POOL2", "FLOOR"})
    public Contender pool;

    /** Whether each caller keeps its connection until all callers have one. */
    @Param({"false", "true"})
    public boolean holdUntilAllServed;

    private final CyclicBarrier start = new CyclicBarrier(CALLERS + 1);
    private final CyclicBarrier allServed = new CyclicBarrier(CALLERS);
    private final CyclicBarrier done = new CyclicBarrier(CALLERS + 1);
    private final List<Thread> callers = new ArrayList<>();
    // Written by the benchmark thread before the start barrier, which publishes them to the callers.
    private SlowDialer dialer;
    private KeyedPool keyedPool;
    private String address;
    private int round;
    // First failure of a caller, reported by the benchmark thread.
    private volatile RuntimeException failure;

    /** Dial and round counts of one iteration, reported beside the time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class DialCounts {
        /** Dials made. */
        public long dials;
        /** Dials that started while another dial was in flight. */
        public long overlappingDials;
        /** Rounds of 8 callers served. */
        public long rounds;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            dials = 0;
            overlappingDials = 0;
            rounds = 0;
        }
    }

    /** Starts the 8 callers, parked on the start barrier. */
    @Setup(Level.Trial)
    public void startCallers() {
        for (int i = 0; i < CALLERS; i++) {
            Thread caller = new Thread(this::callerLoop, "contended-dial-caller-" + i);
            caller.setDaemon(true);
            caller.start();
            callers.add(caller);
        }
    }

    /** A fresh pool per iteration, so the addresses of earlier rounds do not pile up. */
    @Setup(Level.Iteration)
    public void openPool() {
        dialer = new SlowDialer(Duration.ofMillis(1));
        keyedPool = pool.create(dialer);
    }

    /** Closes the iteration's pool. */
    @TearDown(Level.Iteration)
    public void closePool() {
        keyedPool.close();
    }

    /**
     * Stops the callers.
     *
     * @throws InterruptedException if interrupted while waiting for them to stop
     */
    @TearDown(Level.Trial)
    public void stopCallers() throws InterruptedException {
        for (Thread caller : callers) {
            caller.interrupt();
        }
        for (Thread caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(HUNG_SECONDS));
        }
    }

    /**
     * One round: release the 8 callers on a new address and wait until all were served.
     *
     * @param counts the iteration's counters
     * @throws Exception if a caller failed or the round hung
     */
    @Benchmark
    public void serveEightCallers(DialCounts counts) throws Exception {
        address = "cold-" + round++;
        await(start);
        await(done);
        RuntimeException failed = failure;
        if (failed != null) {
            throw failed;
        }
        counts.rounds++;
        counts.dials += dialer.takeDials();
        counts.overlappingDials += dialer.takeOverlapping();
    }

    private void callerLoop() {
        try {
            while (true) {
                await(start);
                try {
                    Object lease = keyedPool.borrow(address);
                    if (holdUntilAllServed) {
                        await(allServed);
                    }
                    keyedPool.giveBack(address, lease);
                } catch (RuntimeException e) {
                    failure = e;
                }
                await(done);
            }
        } catch (InterruptedException e) {
            // Trial teardown: keep the flag and leave the loop; the thread ends.
            Thread.currentThread().interrupt();
        } catch (BrokenBarrierException | TimeoutException e) {
            failure = new IllegalStateException("a contended-dial round broke or hung", e);
        }
    }

    private static void await(CyclicBarrier barrier)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        barrier.await(HUNG_SECONDS, TimeUnit.SECONDS);
    }
}
