package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void dialsThenReuses() {
        try (ConnPool pool = new ConnPool()) {
            RecordingDialer dialer = new RecordingDialer();
            PooledConnection first = pool.getOrDial("a:1", dialer);
            assertThat(first.fresh()).isTrue();
            first.close();
            PooledConnection second = pool.getOrDial("a:1", dialer);
            assertThat(second.fresh()).isFalse();
            assertThat(dialer.count()).isEqualTo(1);
            assertThat(pool.stats().inUse()).isEqualTo(1);
            second.discard();
            assertThat(pool.stats().total()).isZero();
            assertThat(pool.stats().addresses()).isZero();
        }
    }
}
