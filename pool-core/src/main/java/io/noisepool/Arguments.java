package io.noisepool;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Argument checks and conversions shared by the pool's public methods. */
final class Arguments {

    /** Stands for "forever" in monotonic arithmetic without overflowing. */
    static final long FOREVER_NANOS = Long.MAX_VALUE / 4;

    private Arguments() {}

    static void requireAddress(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("address must be a non-blank pool key such as host:port, but was "
                    + (address == null ? "null" : "\"" + address + "\""));
        }
    }

    /** @return the duration in nanoseconds, saturated at {@link #FOREVER_NANOS} */
    static long requireNonNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, but was " + value);
        }
        return nanos(value);
    }

    static long nanos(Duration d) {
        try {
            return Math.min(d.toNanos(), FOREVER_NANOS);
        } catch (ArithmeticException e) {
            return FOREVER_NANOS;
        }
    }

    /** A monotonic deadline that does not overflow for huge timeouts. */
    static long deadline(long start, long nanos) {
        return start + Math.min(nanos, FOREVER_NANOS);
    }

    static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** put(Conn)'s key: host:port for an InetSocketAddress (host as given, IPv6 in brackets), toString() otherwise. */
    static String addressOf(Conn conn) {
        SocketAddress remote;
        try {
            remote = conn.remoteAddress();
        } catch (RuntimeException e) {
            throw new PoolException(PoolErrorCode.INVALID_CONNECTION,
                    "Cannot read the remote address of " + conn.getClass().getName() + "; use put(address, conn)", e);
        }
        if (remote == null) {
            throw new PoolException(PoolErrorCode.INVALID_CONNECTION, "The connection " + conn.getClass().getName()
                    + " has no remote address; pool it under a logical one with put(address, conn)");
        }
        if (remote instanceof InetSocketAddress) {
            InetSocketAddress inet = (InetSocketAddress) remote;
            String host = inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        String key = remote.toString();
        if (key == null || key.isBlank()) {
            throw new PoolException(PoolErrorCode.INVALID_CONNECTION,
                    "The connection's remote address has an empty name; use put(address, conn)");
        }
        return key;
    }
}
