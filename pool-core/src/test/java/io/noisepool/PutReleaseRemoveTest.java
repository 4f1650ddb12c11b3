package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class PutReleaseRemoveTest {

    private static PoolErrorCode codeOf(ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(PoolException.class);
        return ((PoolException) thrown).code();
    }

    @Test
    void putKeysByHostAndPortWithoutReverseLookup() {
        try (ConnPool pool = new ConnPool()) {
            pool.put(new FakeConn(InetSocketAddress.createUnresolved("router.i2p", 7001)));
            pool.put(new FakeConn(new InetSocketAddress("127.0.0.1", 7002)));
            pool.put(new FakeConn(new InetSocketAddress("::1", 7003)));

            assertThat(pool.snapshot()).extracting(ConnSnapshot::address)
                    .containsExactlyInAnyOrder("router.i2p:7001", "127.0.0.1:7002", "[0:0:0:0:0:0:0:1]:7003");
        }
    }

    @Test
    void putKeysOtherAddressesByToString() {
        SocketAddress custom = new SocketAddress() {
            @Override
            public String toString() {
                return "b32:abcdef";
            }
        };
        try (ConnPool pool = new ConnPool()) {
            pool.put(new FakeConn(custom));
            assertThat(pool.get("b32:abcdef")).isNotNull();
        }
    }

    @Test
    void putWithoutRemoteAddressIsInvalidAndLeavesItOpen() {
        try (ConnPool pool = new ConnPool()) {
            FakeConn conn = new FakeConn(null);
            assertThat(codeOf(() -> pool.put(conn))).isEqualTo(PoolErrorCode.INVALID_CONNECTION);
            assertThat(conn.closeCount()).isZero();
            assertThat(codeOf(() -> pool.put(null))).isEqualTo(PoolErrorCode.INVALID_CONNECTION);
            // Under a logical address it needs none.
            pool.put("logical", conn);
            assertThat(pool.stats().total()).isEqualTo(1);
        }
    }

    @Test
    void puttingAHeldConnectionAgainIsRefusedAndLeavesItOpen() {
        try (ConnPool pool = new ConnPool()) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);
            assertThat(codeOf(() -> pool.put("b:1", conn))).isEqualTo(PoolErrorCode.CONNECTION_ALREADY_POOLED);

            PooledConnection out = pool.get("a:1");
            assertThat(codeOf(() -> pool.put("a:1", conn))).isEqualTo(PoolErrorCode.CONNECTION_ALREADY_POOLED);
            assertThat(codeOf(() -> pool.put("a:1", out))).isEqualTo(PoolErrorCode.CONNECTION_ALREADY_POOLED);
            assertThat(conn.closeCount()).isZero();
            assertThat(pool.stats().total()).isEqualTo(1);
        }
    }

    @Test
    void alreadyPooledIsCheckedBeforeCapacity() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(1).build())) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);
            assertThat(codeOf(() -> pool.put("a:1", conn))).isEqualTo(PoolErrorCode.CONNECTION_ALREADY_POOLED);
        }
    }

    @Test
    void putRefusalsCloseTheConnectionAndSayWhy() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(1).readyCheck(c -> c.isOpen()).build())) {
            FakeConn first = new FakeConn();
            pool.put("a:1", first);

            FakeConn tooMany = new FakeConn();
            assertThat(codeOf(() -> pool.put("a:1", tooMany))).isEqualTo(PoolErrorCode.POOL_FULL);
            assertThat(tooMany.closeCount()).isEqualTo(1);

            FakeConn notReady = new FakeConn();
            notReady.die();
            assertThat(codeOf(() -> pool.put("b:1", notReady))).isEqualTo(PoolErrorCode.CONNECTION_NOT_READY);
            assertThat(notReady.closeCount()).isEqualTo(1);

            pool.close();
            FakeConn late = new FakeConn();
            assertThat(codeOf(() -> pool.put("c:1", late))).isEqualTo(PoolErrorCode.POOL_CLOSED);
            assertThat(late.closeCount()).isEqualTo(1);
        }
    }

    @Test
    void releaseMarksIdleAndRestampsLastUse() {
        try (ConnPool pool = new ConnPool()) {
            PooledConnection conn = pool.getOrDial("a:1", new RecordingDialer());
            Instant created = pool.snapshot().get(0).createdAt();

            pool.release("a:1", conn);

            ConnSnapshot snap = pool.snapshot().get(0);
            assertThat(snap.inUse()).isFalse();
            assertThat(snap.lastUsedAt()).isAfterOrEqualTo(created);
            assertThat(snap.createdAt()).isEqualTo(created);
            assertThat(conn.isOpen()).isFalse();
        }
    }

    @Test
    void releaseSpendsTheLeaseSoASecondReleaseIsNotFound() {
        try (ConnPool pool = new ConnPool()) {
            PooledConnection conn = pool.getOrDial("a:1", new RecordingDialer());
            pool.release("a:1", conn);
            PooledConnection later = pool.get("a:1");

            assertThat(codeOf(() -> pool.release("a:1", conn))).isEqualTo(PoolErrorCode.CONNECTION_NOT_FOUND);
            conn.close();
            conn.discard();
            assertThat(later.isOpen()).isTrue();
            assertThat(pool.stats().inUse()).isEqualTo(1);
        }
    }

    @Test
    void releaseOfAnUnknownConnectionIsNotFound() {
        try (ConnPool pool = new ConnPool()) {
            FakeConn stranger = new FakeConn();
            assertThat(codeOf(() -> pool.release("a:1", stranger))).isEqualTo(PoolErrorCode.CONNECTION_NOT_FOUND);
            assertThat(stranger.closeCount()).isZero();
        }
    }

    @Test
    void releaseUnderAnotherAddressIsNotFoundAndChangesNothing() {
        try (ConnPool pool = new ConnPool()) {
            PooledConnection conn = pool.getOrDial("a:1", new RecordingDialer());
            assertThat(codeOf(() -> pool.release("b:1", conn))).isEqualTo(PoolErrorCode.CONNECTION_NOT_FOUND);
            assertThat(conn.isOpen()).isTrue();
            assertThat(pool.stats().inUse()).isEqualTo(1);
        }
    }

    @Test
    void releaseOfTheRawConnectionOfACheckoutSpendsItsLease() {
        try (ConnPool pool = new ConnPool()) {
            PooledConnection conn = pool.getOrDial("a:1", new RecordingDialer());
            pool.release("a:1", conn.unwrap(Conn.class));
            assertThat(conn.isOpen()).isFalse();
            assertThat(pool.stats().available()).isEqualTo(1);
        }
    }

    @Test
    void releaseOnAClosedPoolClosesTheConnectionEvenIfUnknown() {
        ConnPool pool = new ConnPool();
        PooledConnection held = pool.getOrDial("a:1", new RecordingDialer());
        pool.close();
        FakeConn stranger = new FakeConn();

        assertThat(codeOf(() -> pool.release("a:1", held))).isEqualTo(PoolErrorCode.POOL_CLOSED);
        assertThat(codeOf(() -> pool.release("x:1", stranger))).isEqualTo(PoolErrorCode.POOL_CLOSED);

        assertThat(held.unwrap(FakeConn.class).closeCount()).isEqualTo(1);
        assertThat(stranger.closeCount()).isEqualTo(1);
        assertThat(pool.stats().inUse()).isZero();
    }

    @Test
    void releaseOfAnExpiredOrDeadConnectionClosesIt() {
        try (ConnPool pool = new ConnPool()) {
            PooledConnection conn = pool.getOrDial("a:1", new RecordingDialer());
            conn.unwrap(FakeConn.class).die();
            pool.release("a:1", conn);
            assertThat(pool.stats().total()).isZero();
            assertThat(conn.unwrap(FakeConn.class).closeCount()).isEqualTo(1);
        }
    }

    @Test
    void removeClosesAndForgetsAnIdleRawConnection() {
        try (ConnPool pool = new ConnPool()) {
            FakeConn conn = new FakeConn();
            pool.put("a:1", conn);
            pool.remove("a:1", conn);
            assertThat(conn.closeCount()).isEqualTo(1);
            assertThat(pool.stats().total()).isZero();
            assertThat(pool.stats().addresses()).isZero();
        }
    }

    @Test
    void removeOfACheckedOutLeaseSpendsIt() {
        try (ConnPool pool = new ConnPool()) {
            PooledConnection conn = pool.getOrDial("a:1", new RecordingDialer());
            pool.remove("a:1", conn);
            assertThat(conn.isOpen()).isFalse();
            assertThat(conn.unwrap(FakeConn.class).closeCount()).isEqualTo(1);
            assertThat(pool.stats().inUse()).isZero();
            conn.close(); // spent: nothing happens
            assertThat(pool.stats().total()).isZero();
        }
    }

    @Test
    void removeOfAnUnknownConnectionStillClosesIt() {
        try (ConnPool pool = new ConnPool()) {
            FakeConn stranger = new FakeConn();
            assertThat(codeOf(() -> pool.remove("a:1", stranger))).isEqualTo(PoolErrorCode.CONNECTION_NOT_FOUND);
            assertThat(stranger.closeCount()).isEqualTo(1);
        }
    }

    @Test
    void removeWithASpentLeaseNeverTouchesALaterCheckout() {
        try (ConnPool pool = new ConnPool()) {
            PooledConnection first = pool.getOrDial("a:1", new RecordingDialer());
            first.close();
            PooledConnection second = pool.get("a:1");

            assertThat(codeOf(() -> pool.remove("a:1", first))).isEqualTo(PoolErrorCode.CONNECTION_NOT_FOUND);
            assertThat(second.isOpen()).isTrue();
        }
    }

    @Test
    void closeFailureDuringRemoveIsLoggedNotThrown() {
        try (ConnPool pool = new ConnPool()) {
            FakeConn conn = new FakeConn();
            conn.failOnClose = new IOException("reset");
            pool.put("a:1", conn);
            pool.remove("a:1", conn);
            assertThat(pool.stats().total()).isZero();
        }
    }
}
