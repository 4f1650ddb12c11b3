package io.noisepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Issue 11, defect 11: an address with control characters cannot forge log lines or messages. */
class AddressEscapingTest {

    private static final String FORGING = "peer:1\r\n2026-11-30 WARN forged line\u2028";

    @Test
    void exceptionMessagesEscapeControlCharacters() {
        try (ConnPool pool = new ConnPool(PoolConfig.builder().maxSize(1).build())) {
            pool.getOrDial(FORGING, new RecordingDialer());

            assertThatThrownBy(() -> pool.getOrDial(FORGING, new RecordingDialer()))
                    .isInstanceOf(PoolException.class)
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain("\r").doesNotContain("\n").doesNotContain("\u2028")
                            .contains("peer:1\\r\\n2026-11-30 WARN forged line\\u2028"));
        }
    }

    @Test
    void logLinesEscapeControlCharacters() {
        Logger logger = (Logger) LoggerFactory.getLogger(ConnPool.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (ConnPool pool = new ConnPool()) {
            FakeConn failsToClose = new FakeConn();
            failsToClose.failOnClose = new IOException("reset");
            pool.put(FORGING, failsToClose);
            pool.evictIdle(FORGING);

            assertThat(appender.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage())
                    .doesNotContain("\r").doesNotContain("\n").contains("peer:1\\r\\n"));
        } finally {
            logger.detachAppender(appender);
        }
    }
}
