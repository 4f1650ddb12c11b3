package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Issue 11, defect 5: a checkout that starts while the previous one is being returned is still watched for leaks. */
class LeakDetectionTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(ConnPool.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    @Test
    void aCheckoutTakenDuringTheReturnBeforeItIsStillReportedAsALeak() {
        AtomicReference<ConnPool> pool = new AtomicReference<>();
        AtomicReference<PooledConnection> leaked = new AtomicReference<>();
        Seams checkOutDuringReturn = new Seams() {
            @Override
            public void released(Entry entry) {
                if (leaked.get() == null) {
                    leaked.set(pool.get().get("a:1")); // the next caller takes it at once
                }
            }
        };
        try (ConnPool p = new ConnPool(PoolConfig.builder().leakDetectionThreshold(Duration.ofMillis(100)).build(),
                checkOutDuringReturn)) {
            pool.set(p);
            p.getOrDial("a:1", new RecordingDialer()).close();
            assertThat(leaked.get()).isNotNull();

            await().atMost(30, TimeUnit.SECONDS).until(() -> appender.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("Possible connection leak")));
            leaked.get().close();
        }
    }
}
