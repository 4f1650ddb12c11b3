package io.noisepool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls into code the user supplies that the pool must survive whatever it does: each may throw
 * anything, {@code Error}s included, and the pool still decides what happens to the connection.
 * (Health checks, which may also hang, go through {@link HealthProbe}; listeners through
 * {@link Listeners}; dialers are called where their failure becomes {@code DIAL_FAILED}.)
 */
final class UserCode {

    private static final Logger log = LoggerFactory.getLogger(ConnPool.class);

    private UserCode() {}

    /** A connection's {@code isOpen()}; one that throws counts as closed. */
    static boolean isOpen(Entry entry) {
        try {
            return entry.conn.isOpen();
        } catch (Throwable e) {
            log.debug("isOpen() of a connection to {} threw; treating it as closed", Arguments.printable(entry.host.address), e);
            return false;
        }
    }

    /** Closes a connection; anything it throws is logged and returned, never thrown. */
    static Throwable close(Conn conn, String address) {
        try {
            conn.close();
            return null;
        } catch (Throwable e) {
            log.warn("Failed to close a connection to {}: {}", Arguments.printable(address), e.toString());
            return e;
        }
    }

    /**
     * Runs the ready check, if there is one; one that throws counts as not ready.
     *
     * @throws PoolException {@link PoolErrorCode#CONNECTION_NOT_READY} if the connection is not ready
     */
    static void checkReady(ReadyCheck check, Conn conn, String address) {
        if (check == null) {
            return;
        }
        Throwable thrown = null;
        boolean ready = false;
        try {
            ready = check.isReady(conn);
        } catch (Throwable e) {
            thrown = e;
            log.warn("Ready check for a connection to {} threw; treating it as not ready", Arguments.printable(address), e);
        }
        if (!ready) {
            throw new PoolException(PoolErrorCode.CONNECTION_NOT_READY, "The connection to " + Arguments.printable(address)
                    + " failed the ready check and was closed; pool only connections whose handshake is complete", thrown);
        }
    }
}
