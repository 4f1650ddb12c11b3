package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

class PooledConnectionTest {

    @Test
    void closeReturnsToThePoolOnceAndIsIdempotent() {
        try (ConnPool pool = new ConnPool()) {
            PooledConnection conn = pool.getOrDial("a:1", new RecordingDialer());
            conn.close();
            PooledConnection other = pool.get("a:1");
            conn.close();

            assertThat(pool.stats().inUse()).isEqualTo(1);
            assertThat(other.isOpen()).isTrue();
            assertThat(conn.unwrap(FakeConn.class).closeCount()).isZero();
        }
    }

    @Test
    void ioAfterCloseThrowsClosedChannelException() throws Exception {
        try (ConnPool pool = new ConnPool()) {
            PooledConnection conn = pool.getOrDial("a:1", new RecordingDialer());
            assertThat(conn.write(ByteBuffer.wrap(new byte[] {1}))).isEqualTo(1);
            conn.close();

            assertThat(conn.isOpen()).isFalse();
            assertThatThrownBy(() -> conn.write(ByteBuffer.wrap(new byte[] {1})))
                    .isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> conn.read(ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
            assertThat(conn.unwrap(FakeConn.class).writes.get()).isEqualTo(1);
        }
    }

    @Test
    void discardClosesAndRemovesAndLaterCloseDoesNothing() {
        try (ConnPool pool = new ConnPool()) {
            PooledConnection conn = pool.getOrDial("a:1", new RecordingDialer());
            conn.discard();
            conn.close();
            conn.discard();

            assertThat(conn.unwrap(FakeConn.class).closeCount()).isEqualTo(1);
            assertThat(pool.stats().total()).isZero();
            assertThat(pool.stats().evictions()).isEqualTo(1);
        }
    }

    @Test
    void discardAfterCloseDoesNothing() {
        try (ConnPool pool = new ConnPool()) {
            PooledConnection conn = pool.getOrDial("a:1", new RecordingDialer());
            conn.close();
            conn.discard();
            assertThat(pool.stats().available()).isEqualTo(1);
        }
    }

    @Test
    void closeAfterThePoolClosedClosesTheConnectionWithoutThrowing() {
        ConnPool pool = new ConnPool();
        PooledConnection conn = pool.getOrDial("a:1", new RecordingDialer());
        pool.close();
        assertThat(pool.stats().inUse()).isEqualTo(1);

        conn.close();

        assertThat(conn.unwrap(FakeConn.class).closeCount()).isEqualTo(1);
        assertThat(pool.stats().inUse()).isZero();
    }

    @Test
    void unwrapGivesTheDialedConnectionEvenAfterClose() {
        try (ConnPool pool = new ConnPool()) {
            RecordingDialer dialer = new RecordingDialer();
            PooledConnection conn = pool.getOrDial("a:1", dialer);
            conn.close();
            assertThat(conn.unwrap(Conn.class)).isSameAs(dialer.dialed.get(0));
            assertThat(conn.unwrap(FakeConn.class)).isSameAs(dialer.dialed.get(0));
            assertThatThrownBy(() -> conn.unwrap(PooledConnection.class))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FakeConn");
        }
    }

    @Test
    void reportsTheAddressesOfTheUnderlyingConnection() {
        try (ConnPool pool = new ConnPool()) {
            FakeConn raw = new FakeConn();
            pool.put("a:1", raw);
            PooledConnection conn = pool.get("a:1");
            assertThat(conn.remoteAddress()).isEqualTo(raw.remoteAddress());
            assertThat(conn.localAddress()).isNull();
            assertThat(conn.address()).isEqualTo("a:1");
        }
    }
}
