package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every public method of {@link Pool}, {@link ConnPool} and {@link PoolConfig} fed bad input:
 * null, empty, blank and absurd addresses, zero, negative and huge durations, connections whose
 * {@code remoteAddress()} throws or returns null, and connections whose {@code close()} throws.
 * Each gets the exception its Javadoc documents, or is handled, and the pool stays consistent:
 * stats agree with the snapshot and a normal {@code getOrDial} still works.
 */
class BadInputTest {

    private static final String GOOD = "good:1";
    /** Absurd but non-blank: a pool key is a logical name, so these are legal keys. */
    private static final String HUGE = "h".repeat(1_000_000) + ":1";
    private static final String CONTROL = "\u0000\u0007peer\r\n\u001b[31m:1";

    /** Runs a test once per null, empty or blank (spaces, tabs, line breaks) address. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t", "\n", " \r\n "})
    @interface ForEachNullOrBlankAddress {}

    private final ConnPool pool = new ConnPool();
    private final RecordingDialer dialer = new RecordingDialer();

    @AfterEach
    void closePool() {
        pool.close();
    }

    // ---------------------------------------------------------------- addresses

    @ForEachNullOrBlankAddress
    void getRejectsANullOrBlankAddress(String address) {
        assertThatThrownBy(() -> pool.get(address)).isInstanceOf(IllegalArgumentException.class);
        assertConsistentAndUsable();
    }

    @ForEachNullOrBlankAddress
    void getWithTimeoutRejectsANullOrBlankAddress(String address) {
        assertThatThrownBy(() -> pool.get(address, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertConsistentAndUsable();
    }

    @ForEachNullOrBlankAddress
    void getOrDialRejectsANullOrBlankAddressBeforeDialing(String address) {
        assertThatThrownBy(() -> pool.getOrDial(address, dialer)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.getOrDial(address, Duration.ofSeconds(1), dialer))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dialer.count()).isZero();
        assertConsistentAndUsable();
    }

    @ForEachNullOrBlankAddress
    void putRejectsANullOrBlankAddressAndLeavesTheConnectionOpen(String address) {
        FakeConn conn = new FakeConn();
        assertThatThrownBy(() -> pool.put(address, conn)).isInstanceOf(IllegalArgumentException.class);
        assertThat(conn.closeCount()).isZero();
        assertConsistentAndUsable();
    }

    @ForEachNullOrBlankAddress
    void releaseRejectsANullOrBlankAddressAndKeepsTheLeaseCheckedOut(String address) {
        PooledConnection lease = pool.getOrDial(GOOD, dialer);
        assertThatThrownBy(() -> pool.release(address, lease)).isInstanceOf(IllegalArgumentException.class);
        assertThat(lease.isOpen()).isTrue();
        assertThat(pool.stats().inUse()).isEqualTo(1);
        lease.close();
        assertConsistentAndUsable();
    }

    @ForEachNullOrBlankAddress
    void removeRejectsANullOrBlankAddressAndKeepsTheLeaseCheckedOut(String address) {
        PooledConnection lease = pool.getOrDial(GOOD, dialer);
        assertThatThrownBy(() -> pool.remove(address, lease)).isInstanceOf(IllegalArgumentException.class);
        assertThat(lease.isOpen()).isTrue();
        lease.close();
        assertConsistentAndUsable();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void evictIdleRejectsABlankAddress(String address) {
        pool.put(GOOD, new FakeConn());
        assertThatThrownBy(() -> pool.evictIdle(address)).isInstanceOf(IllegalArgumentException.class);
        assertThat(pool.stats().available()).isEqualTo(1);
        assertConsistentAndUsable();
    }

    @Test
    void evictIdleWithANullAddressClosesEveryIdleConnection() {
        FakeConn a = new FakeConn();
        FakeConn b = new FakeConn();
        pool.put("a:1", a);
        pool.put("b:1", b);
        assertThat(pool.evictIdle(null)).isEqualTo(2);
        assertThat(a.closeCount()).isEqualTo(1);
        assertThat(b.closeCount()).isEqualTo(1);
        assertConsistentAndUsable();
    }

    @Test
    void evictIdleOfAnUnknownAddressClosesNothing() {
        pool.put(GOOD, new FakeConn());
        assertThat(pool.evictIdle("nobody:1")).isZero();
        assertThat(pool.stats().available()).isEqualTo(1);
        assertConsistentAndUsable();
    }

    @Test
    void aMegabyteLongAddressIsAnOrdinaryKey() {
        PooledConnection lease = pool.getOrDial(HUGE, dialer);
        assertThat(lease.address()).isEqualTo(HUGE);
        lease.close();
        assertThat(pool.get(HUGE)).isNotNull().satisfies(PooledConnection::discard);
        assertThat(pool.stats().addresses()).isZero();
        assertConsistentAndUsable();
    }

    @Test
    void anAddressWithControlCharactersIsAnOrdinaryKey() {
        FakeConn conn = new FakeConn();
        pool.put(CONTROL, conn);
        assertThat(pool.snapshot()).extracting(ConnSnapshot::address).containsExactly(CONTROL);
        PooledConnection lease = pool.getOrDial(CONTROL, dialer);
        assertThat(lease.unwrap(FakeConn.class)).isSameAs(conn);
        pool.remove(CONTROL, lease);
        assertThat(conn.closeCount()).isEqualTo(1);
        assertConsistentAndUsable();
    }

    @Test
    void getOfAnUnknownAddressReturnsNull() {
        assertThat(pool.get("nobody:1")).isNull();
        assertThat(pool.get("nobody:1", Duration.ofSeconds(1))).isNull();
        assertThat(pool.stats().addresses()).isZero();
        assertConsistentAndUsable();
    }

    // ---------------------------------------------------------------- durations

    @Test
    void getWithTimeoutRejectsANullTimeout() {
        assertThatThrownBy(() -> pool.get(GOOD, null)).isInstanceOf(IllegalArgumentException.class);
        assertConsistentAndUsable();
    }

    @Test
    void getWithTimeoutRejectsANegativeTimeout() {
        pool.put(GOOD, new FakeConn());
        assertThatThrownBy(() -> pool.get(GOOD, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(pool.stats().available()).isEqualTo(1);
        assertConsistentAndUsable();
    }

    @Test
    void getWithZeroTimeoutAndNoHealthCheckHandsOutAnIdleConnection() {
        FakeConn conn = new FakeConn();
        pool.put(GOOD, conn);
        PooledConnection lease = pool.get(GOOD, Duration.ZERO);
        assertThat(lease).isNotNull();
        assertThat(lease.unwrap(FakeConn.class)).isSameAs(conn);
        lease.close();
        assertConsistentAndUsable();
    }

    @Test
    void getWithZeroTimeoutAndAHealthCheckNeverLosesTheConnection() {
        try (ConnPool checked = new ConnPool(PoolConfig.builder().healthCheck(conn -> true).build())) {
            FakeConn conn = new FakeConn();
            checked.put(GOOD, conn);
            PooledConnection lease = checked.get(GOOD, Duration.ZERO);
            if (lease != null) {
                lease.close();
            }
            // Whether the probe beat the zero deadline or not, the connection ends idle again, not lost.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(checked.stats().inUse()).isZero();
                assertThat(checked.stats().available()).isEqualTo(1);
            });
            assertThat(conn.closeCount()).isZero();
            assertConsistentAndUsable(checked);
        }
    }

    @Test
    void getWithAHugeTimeoutWorks() {
        pool.put(GOOD, new FakeConn());
        PooledConnection lease = pool.get(GOOD, Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(lease).isNotNull();
        lease.close();
        assertConsistentAndUsable();
    }

    @Test
    void getOrDialRejectsANullTimeoutBeforeDialing() {
        assertThatThrownBy(() -> pool.getOrDial(GOOD, null, dialer)).isInstanceOf(IllegalArgumentException.class);
        assertThat(dialer.count()).isZero();
        assertConsistentAndUsable();
    }

    @Test
    void getOrDialRejectsAZeroTimeoutBeforeDialing() {
        assertThatThrownBy(() -> pool.getOrDial(GOOD, Duration.ZERO, dialer))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dialer.count()).isZero();
        assertConsistentAndUsable();
    }

    @Test
    void getOrDialRejectsANegativeTimeoutBeforeDialing() {
        assertThatThrownBy(() -> pool.getOrDial(GOOD, Duration.ofSeconds(-5), dialer))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dialer.count()).isZero();
        assertConsistentAndUsable();
    }

    @Test
    void getOrDialWithAHugeTimeoutGivesTheDialerAUsableTimeout() {
        PooledConnection lease = pool.getOrDial(GOOD, Duration.ofSeconds(Long.MAX_VALUE), dialer);
        assertThat(dialer.timeouts).singleElement().satisfies(t -> assertThat(t).isPositive());
        lease.close();
        assertConsistentAndUsable();
    }

    @Test
    void getOrDialWithAOneNanosecondTimeoutFailsWithoutLeakingASlot() {
        for (int i = 0; i < 100; i++) {
            try {
                pool.getOrDial(GOOD, Duration.ofNanos(1), dialer).discard();
            } catch (PoolException e) {
                assertThat(e.code()).isEqualTo(PoolErrorCode.ACQUIRE_TIMEOUT);
            }
        }
        assertThat(pool.stats().total()).isZero();
        assertConsistentAndUsable();
    }

    @Test
    void getOrDialRejectsANullDialer() {
        assertThatThrownBy(() -> pool.getOrDial(GOOD, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.getOrDial(GOOD, Duration.ofSeconds(1), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertConsistentAndUsable();
    }

    @Test
    void drainRejectsANullTimeout() {
        assertThatThrownBy(() -> pool.drain(null)).isInstanceOf(IllegalArgumentException.class);
        assertConsistentAndUsable();
    }

    @Test
    void drainRejectsANegativeTimeout() {
        assertThatThrownBy(() -> pool.drain(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertConsistentAndUsable();
    }

    @Test
    void drainWithZeroTimeoutAnswersAtOnce() throws InterruptedException {
        assertThat(pool.drain(Duration.ZERO)).isTrue();
        PooledConnection lease = pool.getOrDial(GOOD, dialer);
        assertThat(pool.drain(Duration.ZERO)).isFalse();
        lease.close();
        assertThat(pool.drain(Duration.ZERO)).isTrue();
        assertConsistentAndUsable();
    }

    // ---------------------------------------------------------------- null connections

    @Test
    void putOfANullConnectionIsAnInvalidConnection() {
        assertThatThrownBy(() -> pool.put(null)).isInstanceOf(PoolException.class)
                .extracting(e -> ((PoolException) e).code()).isEqualTo(PoolErrorCode.INVALID_CONNECTION);
        assertThatThrownBy(() -> pool.put(GOOD, null)).isInstanceOf(PoolException.class)
                .extracting(e -> ((PoolException) e).code()).isEqualTo(PoolErrorCode.INVALID_CONNECTION);
        assertConsistentAndUsable();
    }

    @Test
    void releaseOfANullConnectionIsNotFound() {
        assertThat(codeOf(() -> pool.release(GOOD, null))).isEqualTo(PoolErrorCode.CONNECTION_NOT_FOUND);
        assertConsistentAndUsable();
    }

    @Test
    void removeOfANullConnectionIsRefusedWithAPoolException() {
        assertThat(codeOf(() -> pool.remove(GOOD, null)))
                .isIn(PoolErrorCode.INVALID_CONNECTION, PoolErrorCode.CONNECTION_NOT_FOUND);
        assertConsistentAndUsable();
    }

    @Test
    void getOrDialWhoseDialerReturnsNullIsAnInvalidDialResult() {
        assertThat(codeOf(() -> pool.getOrDial(GOOD, timeout -> null))).isEqualTo(PoolErrorCode.INVALID_DIAL_RESULT);
        assertThat(pool.stats().dialing()).isZero();
        assertConsistentAndUsable();
    }

    // ---------------------------------------------------------------- connections with a bad remote address

    @Test
    void putByRemoteAddressOfAConnectionWithoutOneIsInvalidAndLeftOpen() {
        FakeConn conn = new FakeConn(null);
        assertThat(codeOf(() -> pool.put(conn))).isEqualTo(PoolErrorCode.INVALID_CONNECTION);
        assertThat(conn.closeCount()).isZero();
        assertConsistentAndUsable();
    }

    @Test
    void putByRemoteAddressOfAConnectionWhoseRemoteAddressThrowsIsInvalidAndLeftOpen() {
        FakeConn conn = unreadableRemote();
        PoolException e = catchThrowableOfType(PoolException.class, () -> pool.put(conn));
        assertThat(e.code()).isEqualTo(PoolErrorCode.INVALID_CONNECTION);
        assertThat(e).hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(conn.closeCount()).isZero();
        assertConsistentAndUsable();
    }

    @Test
    void putByRemoteAddressOfAConnectionWhoseRemoteAddressHasABlankNameIsInvalidAndLeftOpen() {
        FakeConn conn = new FakeConn(new SocketAddress() {
            private static final long serialVersionUID = 1L;

            @Override
            public String toString() {
                return " ";
            }
        });
        assertThat(codeOf(() -> pool.put(conn))).isEqualTo(PoolErrorCode.INVALID_CONNECTION);
        assertThat(conn.closeCount()).isZero();
        assertConsistentAndUsable();
    }

    @Test
    void putUnderALogicalAddressAcceptsAConnectionWithoutARemoteAddress() {
        FakeConn conn = new FakeConn(null);
        pool.put(GOOD, conn);
        PooledConnection lease = pool.get(GOOD);
        assertThat(lease.unwrap(FakeConn.class)).isSameAs(conn);
        lease.close();
        assertConsistentAndUsable();
    }

    @Test
    void putUnderALogicalAddressAcceptsAConnectionWhoseRemoteAddressThrows() {
        FakeConn conn = unreadableRemote();
        pool.put(GOOD, conn);
        assertThat(pool.stats().available()).isEqualTo(1);
        assertThat(pool.snapshot()).extracting(ConnSnapshot::address).containsExactly(GOOD);
        assertConsistentAndUsable();
    }

    @Test
    void getOrDialAcceptsADialedConnectionWhoseRemoteAddressThrows() {
        PooledConnection lease = pool.getOrDial(GOOD, timeout -> unreadableRemote());
        assertThat(lease.address()).isEqualTo(GOOD);
        lease.close();
        assertThat(pool.stats().available()).isEqualTo(1);
        assertConsistentAndUsable();
    }

    // ---------------------------------------------------------------- connections whose close throws

    @Test
    void discardOfAConnectionWhoseCloseThrowsDoesNotThrow() {
        PooledConnection lease = pool.getOrDial(GOOD, timeout -> failingClose());
        assertThatCode(lease::discard).doesNotThrowAnyException();
        assertThat(lease.unwrap(FakeConn.class).closeCount()).isEqualTo(1);
        assertThat(pool.stats().total()).isZero();
        assertConsistentAndUsable();
    }

    @Test
    void returningADeadConnectionWhoseCloseThrowsDoesNotThrow() {
        PooledConnection lease = pool.getOrDial(GOOD, timeout -> failingClose());
        FakeConn conn = lease.unwrap(FakeConn.class);
        conn.die();
        assertThatCode(lease::close).doesNotThrowAnyException();
        assertThat(conn.closeCount()).isEqualTo(1);
        assertThat(pool.stats().total()).isZero();
        assertConsistentAndUsable();
    }

    @Test
    void removeOfAConnectionWhoseCloseThrowsForgetsIt() {
        FakeConn conn = failingClose();
        pool.put(GOOD, conn);
        assertThatCode(() -> pool.remove(GOOD, conn)).doesNotThrowAnyException();
        assertThat(conn.closeCount()).isEqualTo(1);
        assertThat(pool.stats().total()).isZero();
        assertConsistentAndUsable();
    }

    @Test
    void removeOfAnUnknownConnectionWhoseCloseThrowsIsNotFound() {
        FakeConn conn = failingClose();
        assertThat(codeOf(() -> pool.remove(GOOD, conn))).isEqualTo(PoolErrorCode.CONNECTION_NOT_FOUND);
        assertThat(conn.closeCount()).isEqualTo(1);
        assertConsistentAndUsable();
    }

    @Test
    void evictIdleCountsAConnectionWhoseCloseThrows() {
        FakeConn conn = failingClose();
        pool.put(GOOD, conn);
        assertThat(pool.evictIdle(GOOD)).isEqualTo(1);
        assertThat(conn.closeCount()).isEqualTo(1);
        assertConsistentAndUsable();
    }

    @Test
    void aRefusedPutOfAConnectionWhoseCloseThrowsReportsTheRefusal() {
        try (ConnPool refusing = new ConnPool(PoolConfig.builder().readyCheck(conn -> false).build())) {
            FakeConn conn = failingClose();
            assertThat(codeOf(() -> refusing.put(GOOD, conn))).isEqualTo(PoolErrorCode.CONNECTION_NOT_READY);
            assertThat(conn.closeCount()).isEqualTo(1);
            assertThat(refusing.stats().total()).isZero();
        }
    }

    @Test
    void aDialRefusedAsNotReadyWhoseCloseThrowsReportsTheRefusal() {
        try (ConnPool refusing = new ConnPool(PoolConfig.builder().readyCheck(conn -> false).build())) {
            FakeConn conn = failingClose();
            assertThat(codeOf(() -> refusing.getOrDial(GOOD, timeout -> conn)))
                    .isEqualTo(PoolErrorCode.CONNECTION_NOT_READY);
            assertThat(conn.closeCount()).isEqualTo(1);
            assertThat(refusing.stats().total()).isZero();
            assertThat(refusing.stats().dialing()).isZero();
        }
    }

    @Test
    void closeReportsEveryFailedCloseAsSuppressedAndStillClosesTheRest() {
        ConnPool closing = new ConnPool();
        FakeConn failing1 = failingClose();
        FakeConn failing2 = failingClose();
        FakeConn fine = new FakeConn();
        closing.put("a:1", failing1);
        closing.put("b:1", failing2);
        closing.put("c:1", fine);
        PoolException e = catchThrowableOfType(PoolException.class, closing::close);
        assertThat(e.code()).isEqualTo(PoolErrorCode.CLOSE_PARTIAL);
        assertThat(e.getSuppressed()).hasSize(2).allSatisfy(s -> assertThat(
                s instanceof IOException || s.getCause() instanceof IOException).isTrue());
        assertThat(List.of(failing1, failing2, fine)).allMatch(c -> c.closeCount() == 1);
        assertThat(closing.isClosed()).isTrue();
        assertThat(closing.stats().total()).isZero();
        assertThatCode(closing::close).as("a second close").doesNotThrowAnyException();
    }

    @Test
    void aLeaseOfAConnectionWhoseCloseThrowsReturnsQuietlyAfterThePoolClosed() {
        PooledConnection lease = pool.getOrDial(GOOD, timeout -> failingClose());
        pool.close();
        assertThatCode(lease::close).doesNotThrowAnyException();
        assertThat(lease.unwrap(FakeConn.class).closeCount()).isEqualTo(1);
        assertThat(pool.stats().inUse()).isZero();
        assertThat(pool.stats().total()).isZero();
    }

    // ---------------------------------------------------------------- leases misused

    @Test
    void releaseUnderAnotherAddressIsNotFoundAndKeepsTheLeaseCheckedOut() {
        PooledConnection lease = pool.getOrDial(GOOD, dialer);
        assertThat(codeOf(() -> pool.release("other:1", lease))).isEqualTo(PoolErrorCode.CONNECTION_NOT_FOUND);
        assertThat(lease.isOpen()).isTrue();
        assertThat(pool.stats().inUse()).isEqualTo(1);
        lease.close();
        assertConsistentAndUsable();
    }

    @Test
    void removeUnderAnotherAddressIsNotFoundButClosesTheConnection() {
        PooledConnection lease = pool.getOrDial(GOOD, dialer);
        FakeConn conn = lease.unwrap(FakeConn.class);
        assertThat(codeOf(() -> pool.remove("other:1", lease))).isEqualTo(PoolErrorCode.CONNECTION_NOT_FOUND);
        assertThat(conn.closeCount()).isEqualTo(1);
        assertThat(pool.stats().total()).isZero();
        assertConsistentAndUsable();
    }

    @Test
    void releaseOfAConnectionThePoolNeverHeldIsNotFoundAndLeftOpen() {
        FakeConn stranger = new FakeConn();
        assertThat(codeOf(() -> pool.release(GOOD, stranger))).isEqualTo(PoolErrorCode.CONNECTION_NOT_FOUND);
        assertThat(stranger.closeCount()).isZero();
        assertConsistentAndUsable();
    }

    @Test
    void releaseOfAnIdleConnectionIsNotFoundAndLeavesItIdle() {
        FakeConn conn = new FakeConn();
        pool.put(GOOD, conn);
        assertThat(codeOf(() -> pool.release(GOOD, conn))).isEqualTo(PoolErrorCode.CONNECTION_NOT_FOUND);
        assertThat(conn.closeCount()).isZero();
        assertThat(pool.stats().available()).isEqualTo(1);
        assertConsistentAndUsable();
    }

    @Test
    void releaseOfAnotherPoolsLeaseIsNotFoundAndLeavesItCheckedOutThere() {
        try (ConnPool other = new ConnPool()) {
            PooledConnection foreign = other.getOrDial(GOOD, dialer);
            assertThat(codeOf(() -> pool.release(GOOD, foreign))).isEqualTo(PoolErrorCode.CONNECTION_NOT_FOUND);
            assertThat(foreign.isOpen()).isTrue();
            assertThat(other.stats().inUse()).isEqualTo(1);
            foreign.close();
            assertConsistentAndUsable(other);
        }
        assertConsistentAndUsable();
    }

    @Test
    void removeOfAnotherPoolsLeaseIsNotFoundAndEndsTheLeaseWithoutLosingTheConnection() {
        try (ConnPool other = new ConnPool()) {
            PooledConnection foreign = other.getOrDial(GOOD, dialer);
            assertThat(codeOf(() -> pool.remove(GOOD, foreign))).isEqualTo(PoolErrorCode.CONNECTION_NOT_FOUND);
            assertThat(foreign.isOpen()).as("the lease is spent").isFalse();
            assertThat(other.stats().inUse()).isZero();
            assertThat(other.stats().total() + foreign.unwrap(FakeConn.class).closeCount()).isEqualTo(1);
            assertConsistentAndUsable(other);
        }
        assertConsistentAndUsable();
    }

    @Test
    void unwrapToANullTypeIsAnIllegalArgument() {
        PooledConnection lease = pool.getOrDial(GOOD, dialer);
        assertThatThrownBy(() -> lease.unwrap(null)).isInstanceOf(IllegalArgumentException.class);
        lease.close();
        assertConsistentAndUsable();
    }

    // ---------------------------------------------------------------- construction and configuration

    @Test
    void aPoolNeedsAConfiguration() {
        assertThatThrownBy(() -> new ConnPool(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("config");
    }

    @Test
    void addListenerRejectsNullAndRemoveListenerIgnoresIt() {
        assertThatThrownBy(() -> pool.addListener(null)).isInstanceOf(NullPointerException.class);
        assertThatCode(() -> pool.removeListener(null)).doesNotThrowAnyException();
        assertConsistentAndUsable();
    }

    @Test
    void configRejectsANegativeMaxTotalNamingIt() {
        assertThatThrownBy(() -> PoolConfig.builder().maxTotal(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTotal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxAge", "maxIdle", "acquireTimeout", "leakDetectionThreshold"})
    void configRejectsANullDurationNamingIt(String setting) {
        assertThatThrownBy(() -> withDuration(setting, null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(setting);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxAge", "maxIdle", "acquireTimeout", "leakDetectionThreshold"})
    void configRejectsANegativeDurationNamingIt(String setting) {
        assertThatThrownBy(() -> withDuration(setting, Duration.ofNanos(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(setting);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxAge", "maxIdle", "acquireTimeout", "leakDetectionThreshold"})
    void configAcceptsAZeroDurationAsOff(String setting) {
        try (ConnPool zero = new ConnPool(withDuration(setting, Duration.ZERO).build())) {
            assertConsistentAndUsable(zero);
        }
    }

    @Test
    void configWithAnAbsurdlyLongAcquireTimeoutMeansWaitingAsLongAsTheCallerAllows() {
        assertAbsurdlyLongDurationIsRejectedByNameOrMeansForever("acquireTimeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxAge", "maxIdle", "leakDetectionThreshold"})
    void configWithAnAbsurdlyLongLimitIsRejectedByNameOrMeansForever(String setting) {
        assertAbsurdlyLongDurationIsRejectedByNameOrMeansForever(setting);
    }

    /** Longer than the ~292 years a long holds in nanoseconds: an absurd value must not break the pool. */
    private void assertAbsurdlyLongDurationIsRejectedByNameOrMeansForever(String setting) {
        PoolConfig config;
        try {
            config = withDuration(setting, Duration.ofSeconds(Long.MAX_VALUE)).build();
        } catch (IllegalArgumentException rejected) {
            assertThat(rejected).hasMessageContaining(setting);
            return;
        }
        try (ConnPool forever = new ConnPool(config)) {
            assertConsistentAndUsable(forever);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void configTakesAZeroOrNegativeMaxSizeAsTheDefault(int maxSize) {
        assertThat(PoolConfig.builder().maxSize(maxSize).build().maxSize()).isEqualTo(ConnPool.DEFAULT_MAX_SIZE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void configTakesAZeroOrNegativeMaxSizeAsNoLimitWhenUnbounded(int maxSize) {
        PoolConfig config = PoolConfig.builder().maxSize(maxSize).unbounded(true).build();
        assertThat(config.maxSize()).isZero();
        try (ConnPool unbounded = new ConnPool(config)) {
            List<PooledConnection> leases = new ArrayList<>();
            for (int i = 0; i <= ConnPool.DEFAULT_MAX_SIZE; i++) {
                leases.add(unbounded.getOrDial(GOOD, dialer));
            }
            assertThat(unbounded.stats().inUse()).isEqualTo(ConnPool.DEFAULT_MAX_SIZE + 1);
            leases.forEach(PooledConnection::close);
            assertConsistentAndUsable(unbounded);
        }
    }

    @Test
    void configAcceptsNullChecksAsNone() {
        PoolConfig config = PoolConfig.builder().healthCheck(null).readyCheck(null).build();
        assertThat(config.healthCheck()).isNull();
        assertThat(config.readyCheck()).isNull();
        try (ConnPool unchecked = new ConnPool(config)) {
            assertConsistentAndUsable(unchecked);
        }
    }

    @Test
    void configAcceptsAnIntegerMaxValueMaxTotal() {
        try (ConnPool huge = new ConnPool(PoolConfig.builder().maxTotal(Integer.MAX_VALUE).build())) {
            assertConsistentAndUsable(huge);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static PoolConfig.Builder withDuration(String setting, Duration value) {
        PoolConfig.Builder b = PoolConfig.builder();
        switch (setting) {
            case "maxAge":
                return b.maxAge(value);
            case "maxIdle":
                return b.maxIdle(value);
            case "acquireTimeout":
                return b.acquireTimeout(value);
            case "leakDetectionThreshold":
                return b.leakDetectionThreshold(value);
            default:
                throw new IllegalArgumentException(setting);
        }
    }

    private static PoolErrorCode codeOf(Runnable call) {
        return catchThrowableOfType(PoolException.class, call::run).code();
    }

    private static FakeConn unreadableRemote() {
        return new FakeConn(null) {
            @Override
            public SocketAddress remoteAddress() {
                throw new IllegalStateException("remote address unreadable");
            }
        };
    }

    private static FakeConn failingClose() {
        FakeConn conn = new FakeConn(null);
        conn.failOnClose = new IOException("injected close failure");
        return conn;
    }

    private void assertConsistentAndUsable() {
        assertConsistentAndUsable(pool);
    }

    /** Stats agree with the snapshot (the pool is quiet here), and a normal checkout still works. */
    private static void assertConsistentAndUsable(ConnPool pool) {
        List<ConnSnapshot> snapshot = pool.snapshot();
        PoolStats stats = pool.stats();
        assertThat(stats.total()).as("total vs snapshot").isEqualTo(snapshot.size());
        assertThat(stats.inUse()).as("inUse vs snapshot").isEqualTo((int) snapshot.stream().filter(ConnSnapshot::inUse).count());
        assertThat(stats.available()).as("available").isEqualTo(stats.total() - stats.inUse());
        assertThat(stats.addresses()).as("addresses vs snapshot")
                .isEqualTo(snapshot.stream().map(ConnSnapshot::address).collect(Collectors.toSet()).size());
        assertThat(stats.pending()).isZero();
        assertThat(stats.dialing()).isZero();
        PooledConnection lease = pool.getOrDial("usable:1", Duration.ofSeconds(5), new RecordingDialer());
        assertThat(lease.isOpen()).isTrue();
        assertThat(pool.stats().inUse()).isEqualTo(stats.inUse() + 1);
        lease.discard();
        assertThat(pool.stats().total()).isEqualTo(stats.total());
    }
}
