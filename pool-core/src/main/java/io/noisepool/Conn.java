package io.noisepool;

import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * A bidirectional stream connection to one peer, as the pool sees it: a {@link ByteChannel} that
 * also reports its addresses.
 *
 * <p>Implement it for your own connection type (a Noise session over TCP, say), or adapt a plain
 * socket with {@link #of(SocketChannel)} or {@link #of(Socket)}. The pool calls only
 * {@link #isOpen()}, {@link #close()} and, for {@link Pool#put(Conn)}, {@link #remoteAddress()};
 * reads and writes are the application's business.
 *
 * <p>Implementations must allow {@code close()} and {@code isOpen()} from any thread.
 */
public interface Conn extends ByteChannel {

    /**
     * The peer's address.
     *
     * @return the remote address, or {@code null} if the connection has none (an unconnected or
     *     in-memory connection); such a connection can still be pooled under a logical address
     *     with {@link Pool#put(String, Conn)} or {@link Pool#getOrDial}
     */
    SocketAddress remoteAddress();

    /**
     * This side's address.
     *
     * @return the local address, or {@code null} if the connection has none
     */
    SocketAddress localAddress();

    /**
     * Adapts a connected, blocking {@link SocketChannel}. Reads, writes, {@code isOpen} and
     * {@code close} go straight to the channel; the addresses are those the channel had when
     * adapted.
     *
     * @param channel a connected channel, not {@code null}
     * @return a connection backed by the channel
     */
    static Conn of(SocketChannel channel) {
        return new SocketChannelConn(Objects.requireNonNull(channel, "channel"));
    }

    /**
     * Adapts a connected {@link Socket}: reads and writes go through the socket's streams,
     * {@code isOpen} and {@code close} to the socket itself.
     *
     * @param socket a connected socket, not {@code null}
     * @return a connection backed by the socket
     * @throws java.io.UncheckedIOException if the socket's streams cannot be opened (it is not
     *     connected, or already closed)
     */
    static Conn of(Socket socket) {
        return new SocketConn(Objects.requireNonNull(socket, "socket"));
    }
}
