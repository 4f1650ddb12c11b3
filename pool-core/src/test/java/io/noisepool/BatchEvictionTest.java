package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Eviction in batches: {@code evictIdle}, the housekeeper and {@code close()} detach each address's
 * victims together and forget all of them in the registry in one call at the end of the sweep (a
 * rebuild of the registry when the batch is most of it). What must hold whichever way the registry
 * is updated: every evicted connection is closed once, and every connection still pooled stays
 * known, so {@code put} still refuses it under another address and a raw {@code remove} finds it.
 */
class BatchEvictionTest {

    private static final int ADDRESSES = 20;
    private static final int PER_ADDRESS = 10;

    @Test
    void evictingAlmostEverythingKeepsTheSurvivorsKnown() {
        try (ConnPool pool = new ConnPool()) {
            List<FakeConn> idle = fill(pool);
            FakeConn survivor = new FakeConn();
            pool.put("kept:1", survivor);
            PooledConnection out = pool.get("kept:1");

            assertThat(pool.evictIdle(null)).isEqualTo(ADDRESSES * PER_ADDRESS);

            assertThat(idle).allSatisfy(conn -> assertThat(conn.closeCount()).isEqualTo(1));
            assertThat(pool.stats().total()).isEqualTo(1);
            assertStillKnown(pool, survivor, out);
        }
    }

    @Test
    void evictingOneAddressKeepsTheOthersKnown() {
        try (ConnPool pool = new ConnPool()) {
            List<FakeConn> idle = fill(pool);

            assertThat(pool.evictIdle("host0:1")).isEqualTo(PER_ADDRESS);

            assertThat(idle.subList(0, PER_ADDRESS)).allSatisfy(conn -> assertThat(conn.closeCount()).isEqualTo(1));
            List<FakeConn> others = idle.subList(PER_ADDRESS, idle.size());
            assertThat(others).allSatisfy(conn -> assertThat(conn.closeCount()).isZero());
            FakeConn other = others.get(0);
            assertThatThrownBy(() -> pool.put("elsewhere:1", other))
                    .isInstanceOfSatisfying(PoolException.class,
                            e -> assertThat(e.code()).isEqualTo(PoolErrorCode.CONNECTION_ALREADY_POOLED));
        }
    }

    @Test
    void closeClosesEveryIdleConnectionOnce() {
        ConnPool pool = new ConnPool();
        List<FakeConn> idle = fill(pool);

        pool.close();

        assertThat(idle).allSatisfy(conn -> assertThat(conn.closeCount()).isEqualTo(1));
        assertThat(pool.stats().total()).isZero();
    }

    private static List<FakeConn> fill(ConnPool pool) {
        List<FakeConn> idle = new ArrayList<>();
        for (int a = 0; a < ADDRESSES; a++) {
            for (int i = 0; i < PER_ADDRESS; i++) {
                FakeConn conn = new FakeConn();
                pool.put("host" + a + ":1", conn);
                idle.add(conn);
            }
        }
        return idle;
    }

    /** The survivor is checked out: put refuses it, and a raw remove finds and closes it. */
    private static void assertStillKnown(ConnPool pool, FakeConn survivor, PooledConnection out) {
        assertThatThrownBy(() -> pool.put("elsewhere:1", survivor))
                .isInstanceOfSatisfying(PoolException.class,
                        e -> assertThat(e.code()).isEqualTo(PoolErrorCode.CONNECTION_ALREADY_POOLED));
        pool.remove("kept:1", survivor);
        assertThat(survivor.closeCount()).isEqualTo(1);
        assertThat(out.isOpen()).isFalse();
        assertThat(pool.stats().total()).isZero();
    }
}
