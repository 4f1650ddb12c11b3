package io.noisepool;

/**
 * Verifies that a connection is ready for use (its handshake complete, say) before the pool takes
 * it in, from {@link Pool#put} or from a dial. A connection that fails it, or whose check throws,
 * is closed and refused with {@link PoolErrorCode#CONNECTION_NOT_READY}. The check runs without
 * any pool-wide lock held.
 */
@FunctionalInterface
public interface ReadyCheck {

    /**
     * Decides whether a connection may enter the pool.
     *
     * @param conn the connection as dialed or put, never the pool's wrapper
     * @return {@code true} if the connection is ready
     * @throws Exception treated as not ready, and logged
     */
    boolean isReady(Conn conn) throws Exception;
}
