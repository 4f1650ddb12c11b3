package io.noisepool.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.noisepool.Conn;
import io.noisepool.Dialer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every contender does what the benchmarks assume, so they compare like with like. */
class KeyedPoolContractTest {

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
    @EnumSource(Contender.class)
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
    @EnumSource(Contender.class)
    void keysDoNotShareConnections(Contender contender) {
        RecordingDialer dialer = new RecordingDialer();
        try (KeyedPool pool = contender.create(dialer)) {
            pool.fill("10.0.0.1:7001", 1);

            pool.borrow("10.0.0.2:7001");

            assertThat(dialer.dialed).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Contender.class)
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
    @EnumSource(Contender.class)
    void statsSeeEveryPooledConnection(Contender contender) {
        try (KeyedPool pool = contender.create(new RecordingDialer())) {
            long empty = pool.stats();

            pool.fill("10.0.0.1:7001", 3);

            assertThat(pool.stats()).isGreaterThan(empty);
        }
    }
}
