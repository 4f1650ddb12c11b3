package io.noisepool;

import java.time.Duration;

/**
 * Opens a new connection to one peer for {@link Pool#getOrDial}: typically a TCP connect plus a
 * protocol handshake. It runs on the caller's thread without any pool-wide lock held; the pool
 * makes sure only one dial per address is in flight at a time.
 */
@FunctionalInterface
public interface Dialer {

    /**
     * Opens a connection.
     *
     * @param timeout how long the dial may take, never {@code null} nor negative: at most what is
     *     left of the timeout given to {@code getOrDial}, else of {@link PoolConfig#dialTimeout()}
     * @return the connected connection; {@code null} is a bug in the dialer and fails the
     *     acquisition with {@link PoolErrorCode#INVALID_DIAL_RESULT}
     * @throws Exception any failure; the pool wraps it in {@link PoolErrorCode#DIAL_FAILED}
     */
    Conn dial(Duration timeout) throws Exception;
}
