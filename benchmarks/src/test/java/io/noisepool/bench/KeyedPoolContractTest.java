package io.noisepool.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.noisepool.Conn;
import io.noisepool.Dialer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every contender does what the benchmarks assume, so they compare like with like. */
class KeyedPoolContractTest {

    /** HikariCP's whole pool opens its connections itself, so it has its own test below. */
    static List<Contender> dialingContenders() {
        return Arrays.stream(Contender.values()).filter(c -> c != Contender.HIKARI_POOL).toList();
    }

    @Test
    void hikariPoolHandsOutAndTakesBackItsOwnConnections() {
        try (KeyedPool pool = Contender.HIKARI_POOL.create(new RecordingDialer())) {
            pool.fill("10.0.0.1:7001", 2);
            Object first = pool.borrow("10.0.0.1:7001");
            Object second = pool.borrow("10.0.0.1:7001");

            assertThat(first).isNotSameAs(second);
            assertThat(pool.stats()).isGreaterThanOrEqualTo(2);
            pool.giveBack("10.0.0.1:7001", first);
            pool.discard("10.0.0.1:7001", second);
        }
    }

    /** Records what it dialed. */
    private static final class RecordingDialer implements Dialer {
        final List<FakeConn> dialed = new ArrayList<>();

        @Override
        public Conn dial(java.time.Duration timeout) {
            FakeConn conn = new FakeConn();
            dialed.add(conn);
            return conn;
        }
    }

    @ParameterizedTest
    @MethodSource("dialingContenders")
    void borrowAfterFillReusesThePooledConnectionsWithoutDialing(Contender contender) {
        RecordingDialer dialer = new RecordingDialer();
        try (KeyedPool pool = contender.create(dialer)) {
            pool.fill("10.0.0.1:7001", 2);

            Object first = pool.borrow("10.0.0.1:7001");
            Object second = pool.borrow("10.0.0.1:7001");

            assertThat(dialer.dialed).hasSize(2);
            assertThat(first).isNotSameAs(second);
        }
    }

    @ParameterizedTest
    @MethodSource("dialingContenders")
    void keysDoNotShareConnections(Contender contender) {
        RecordingDialer dialer = new RecordingDialer();
        try (KeyedPool pool = contender.create(dialer)) {
            pool.fill("10.0.0.1:7001", 1);

            pool.borrow("10.0.0.2:7001");

            assertThat(dialer.dialed).hasSize(2);
        }
    }

    @ParameterizedTest
    @MethodSource("dialingContenders")
    void discardClosesTheConnectionAndTheNextBorrowDials(Contender contender) {
        RecordingDialer dialer = new RecordingDialer();
        try (KeyedPool pool = contender.create(dialer)) {
            pool.discard("10.0.0.1:7001", pool.borrow("10.0.0.1:7001"));

            pool.borrow("10.0.0.1:7001");

            assertThat(dialer.dialed).hasSize(2);
            assertThat(dialer.dialed.get(0).isOpen()).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("dialingContenders")
    void statsSeeEveryPooledConnection(Contender contender) {
        try (KeyedPool pool = contender.create(new RecordingDialer())) {
            long empty = pool.stats();

            pool.fill("10.0.0.1:7001", 3);

            assertThat(pool.stats()).isGreaterThan(empty);
        }
    }
}
