package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, defect 1: a {@code remove(address, rawConn)} that lands after the dialer returned but
 * before {@code getOrDial} pooled the connection must not cost the address a slot for good.
 */
class RawRemoveDuringDialTest {

    private static final String ADDRESS = "peer:1";
    private static final int MAX_SIZE = 2;

    /** Removes each freshly dialed connection by its raw reference, as a second thread could. */
    private static final class RemoveWhenDialed implements Seams {
        ConnPool pool;
        boolean enabled = true;
        int removes;

        @Override
        public void dialed(Conn conn) {
            if (!enabled) {
                return;
            }
            removes++;
            try {
                pool.remove(ADDRESS, conn);
            } catch (PoolException e) {
                assertThat(e.code()).isEqualTo(PoolErrorCode.CONNECTION_NOT_FOUND);
            }
        }
    }

    @Test
    void rawRemoveBetweenDialAndPoolingLosesNoSlot() {
        RemoveWhenDialed seam = new RemoveWhenDialed();
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(MAX_SIZE).build(), seam)) {
            seam.pool = pool;
            for (int i = 0; i < MAX_SIZE + 1; i++) {
                try {
                    pool.getOrDial(ADDRESS, new RecordingDialer()).close();
                } catch (PoolException e) {
                    // The race may cost this one call; it must not cost the address a slot.
                    assertThat(e.code()).isEqualTo(PoolErrorCode.DIAL_FAILED);
                }
            }
            assertThat(seam.removes).isEqualTo(MAX_SIZE + 1);
            assertThat(pool.snapshot()).isEmpty();
            assertThat(pool.stats().total()).isZero();
            assertThat(pool.stats().available()).isZero();
            assertThat(pool.stats().addresses()).isZero();

            seam.enabled = false;
            List<PooledConnection> held = new ArrayList<>();
            for (int i = 0; i < MAX_SIZE; i++) {
                held.add(pool.getOrDial(ADDRESS, new RecordingDialer()));
            }
            assertThat(held).allMatch(PooledConnection::isOpen);
            held.forEach(PooledConnection::close);
        }
    }
}
