package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * I/O through a lease racing the lease's end (issue 11, defect 8). The interleaving is forced: the
 * owner is held inside {@code write} by a latch in the fake connection while another thread
 * closes the lease, and a third caller then checks out from the same address.
 */
class LeaseIoTest {

    private static final String ADDRESS = "peer:1";
    private static final Duration HUNG = Duration.ofSeconds(30);

    /**
     * Whatever the pool does with a lease closed under its owner's write (keep the connection
     * until the write ends, close it, or hand the next caller another one), the next borrower
     * must never write into that connection while the owner still is.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLeaseClosedFromAnotherThreadDuringItsOwnersWriteIsNotWrittenByTheNextBorrower() throws Exception {
        ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(2).maxAge(Duration.ZERO).maxIdle(Duration.ZERO).build());
        MisbehavingConn conn = new MisbehavingConn();
        PooledConnection owners = pool.getOrDial(ADDRESS, HUNG, timeout -> conn);
        conn.blockNextWrite.set(true);

        ExecutorService threads = Executors.newCachedThreadPool();
        CompletableFuture<String> owner = CompletableFuture.supplyAsync(() -> write(owners), threads);
        assertThat(conn.writeEntered.await(HUNG.toSeconds(), TimeUnit.SECONDS)).as("owner inside write").isTrue();
        owners.close(); // from another thread than the owner's, while it writes

        AtomicReference<Thread> nextThread = new AtomicReference<>();
        CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
            nextThread.set(Thread.currentThread());
            try (PooledConnection lease = pool.getOrDial(ADDRESS, HUNG, timeout -> new MisbehavingConn())) {
                return (lease.unwrap(Conn.class) == conn ? "same connection, " : "other connection, ") + write(lease);
            } catch (PoolException e) {
                return e.code().name();
            }
        }, threads);
        // The next borrower either finishes or blocks (waiting for the owner, say); either way it has had its chance.
        await().atMost(HUNG).until(() -> next.isDone() || isBlocked(nextThread.get()));
        conn.letWriteFinish.countDown();

        String ownerResult = owner.get(HUNG.toSeconds(), TimeUnit.SECONDS);
        String nextResult = next.get(HUNG.toSeconds(), TimeUnit.SECONDS);
        assertThat(conn.mostWritersInside.get())
                .as("writers inside the connection at once (owner: %s; next borrower: %s)", ownerResult, nextResult)
                .isEqualTo(1);
        assertThat(ownerResult).isIn("written", "ClosedChannelException");
        await().atMost(HUNG).untilAsserted(() -> assertThat(pool.stats().inUse()).isZero());
        assertThat(pool.drain(HUNG)).isTrue();
        pool.close();
        threads.shutdown();
    }

    private static String write(PooledConnection lease) {
        try {
            lease.write(ByteBuffer.allocate(8));
            return "written";
        } catch (ClosedChannelException e) {
            return "ClosedChannelException";
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static boolean isBlocked(Thread t) {
        if (t == null) {
            return false;
        }
        Thread.State state = t.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
    }
}
