package io.noisepool.autoconfigure;

import io.noisepool.Conn;
import io.noisepool.HealthCheck;
import io.noisepool.ReadyCheck;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Health and ready checks that record the connections they were asked about. */
final class RecordingChecks {

    private RecordingChecks() {}

    /** A health check answering a fixed verdict and recording each probe. */
    static final class Health implements HealthCheck {
        final List<Conn> probed = new CopyOnWriteArrayList<>();
        private final boolean verdict;

        Health(boolean verdict) {
            this.verdict = verdict;
        }

        @Override
        public boolean isHealthy(Conn conn) {
            this.probed.add(conn);
            return this.verdict;
        }
    }

    /** A ready check answering a fixed verdict and recording each check. */
    static final class Ready implements ReadyCheck {
        final List<Conn> checked = new CopyOnWriteArrayList<>();
        private final boolean verdict;

        Ready(boolean verdict) {
            this.verdict = verdict;
        }

        @Override
        public boolean isReady(Conn conn) {
            this.checked.add(conn);
            return this.verdict;
        }
    }
}
