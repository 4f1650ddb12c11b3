package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryTest {

    @Test
    void nothingIsRetainedForAddressesThatAreGone() {
        try (ConnPool pool = new ConnPool()) {
            List<WeakReference<Object>> traces = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                String address = "peer-" + i + ":7001";
                RecordingDialer dialer = new RecordingDialer();
                PooledConnection conn = pool.getOrDial(address, dialer);
                if (i % 10_000 == 0) {
                    traces.add(new WeakReference<>(address));
                    traces.add(new WeakReference<>(dialer));
                    traces.add(new WeakReference<>(conn));
                    traces.add(new WeakReference<>(conn.unwrap(Conn.class)));
                }
                conn.discard();
            }
            // Failed dials and refusals leave nothing behind either.
            for (int i = 0; i < 1_000; i++) {
                try {
                    pool.getOrDial("failing-" + i + ":1", timeout -> null);
                } catch (PoolException expected) {
                    // INVALID_DIAL_RESULT
                }
            }

            assertThat(pool.stats().addresses()).isZero();
            assertThat(pool.stats().total()).isZero();
            assertThat(pool.snapshot()).isEmpty();
            org.awaitility.Awaitility.await().until(() -> {
                System.gc();
                return traces.stream().allMatch(ref -> ref.get() == null);
            });
        }
    }
}
