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
                    + (address == null ? "null" : "\"" + printable(address) + "\""));
        }
    }

    /**
     * Text safe to put in a log line or an exception message: control characters (CR and LF
     * among them, and the Unicode line and paragraph separators) are escaped as {@code \n},
     * {@code \r}, {@code \t} or {@code \\uXXXX}, so an address built from untrusted input cannot forge
     * log lines.
     */
    static String printable(Object value) {
        String text = String.valueOf(value);
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return escape(text);
            }
        }
        return text;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029';
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (isControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
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

    /** A pool-clock deadline that does not overflow for huge timeouts. */
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
        } catch (RuntimeException | Error e) {
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
