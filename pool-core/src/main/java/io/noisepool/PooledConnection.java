package io.noisepool;

/**
 * A connection checked out of a {@link Pool}: one lease on one pooled connection.
 *
 * <p>{@link #close()} returns the connection to the pool instead of closing it. It is idempotent
 * (a second call does nothing and never returns the connection twice) and never throws: if the
 * pool was closed meanwhile, or the connection's own {@code isOpen()} fails, the connection is
 * closed instead. After {@code close()} or
 * {@link #discard()} this object is spent: {@code read} and {@code write} throw
 * {@link java.nio.channels.ClosedChannelException} and {@link #isOpen()} is {@code false}, so code
 * that kept a reference can never write into a connection another caller now holds.
 *
 * <p>A lease is meant for one thread at a time, like the connection it wraps; {@code close()} and
 * {@code discard()} are safe from any thread. A {@code close()} from another thread while a
 * {@code read} or {@code write} through this lease is still running closes the connection instead
 * of pooling it, so it can never reach a second caller while the first may still be using it.
 */
public interface PooledConnection extends Conn {

    /**
     * Returns the connection to the pool (or closes it, if it expired, died or the pool closed)
     * and spends this lease. Idempotent; never throws.
     */
    @Override
    void close();

    /**
     * Closes the underlying connection and removes it from the pool. Use it when the connection is
     * known to be broken. Does nothing if this lease is already spent.
     */
    void discard();

    /**
     * The pool key this connection belongs to: the address given to {@code getOrDial} or
     * {@code put}, or the one derived from the connection's remote address by {@link Pool#put(Conn)}.
     *
     * @return the address, never {@code null}
     */
    String address();

    /**
     * Whether this checkout dialed the connection ({@code true}) or took an idle one from the pool
     * ({@code false}), e.g. to count handshakes saved.
     *
     * @return whether the connection is new
     */
    boolean fresh();

    /**
     * The connection as the dialer returned it or as it was put, for access to its own type (a
     * Noise connection's handshake state, say). Works after {@code close()} and {@code discard()}
     * too, but the caller then no longer owns it.
     *
     * @param type the class to cast to; {@code unwrap(Conn.class)} always works
     * @param <T> the connection type
     * @return the underlying connection, never a wrapper
     * @throws IllegalArgumentException if the connection is not of that type
     */
    <T extends Conn> T unwrap(Class<T> type);
}
