package io.noisepool.sample;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * A peer's {@code host:port} as a request names it; an IPv6 host goes in brackets. Parsing never
 * resolves the host, so a bad request costs no DNS lookup.
 *
 * @param host the host name or address literal, lower case, without brackets
 * @param port the TCP port, 1 to 65535
 */
record PeerAddress(String host, int port) {

    /**
     * @param text {@code host:port} or {@code [ipv6]:port}
     * @return the address
     * @throws IllegalArgumentException saying what is wrong, if it is not of that form
     */
    static PeerAddress parse(String text) {
        String value = text.strip();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("A peer address is host:port, e.g. 127.0.0.1:7000");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("An IPv6 peer address goes in brackets, e.g. [::1]:7000");
        }
        if (host.isEmpty() || !host.chars().allMatch(c -> c > ' ' && c < 127 && c != '/' && c != '@')) {
            throw new IllegalArgumentException("The peer host must be a host name or an IP address");
        }
        String portText = value.substring(colon + 1);
        if (portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)
                || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
            throw new IllegalArgumentException("The peer port must be a number from 1 to 65535");
        }
        return new PeerAddress(host.toLowerCase(Locale.ROOT), Integer.parseInt(portText));
    }

    /**
     * @param address a bound or connected address
     * @return its host string (never reverse-resolved) and port
     */
    static PeerAddress of(InetSocketAddress address) {
        return new PeerAddress(address.getHostString().toLowerCase(Locale.ROOT), address.getPort());
    }

    /**
     * @return the pool key, {@code host:port} with an IPv6 host in brackets
     */
    String key() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Resolves the host now; a name that does not resolve gives an unresolved address, which
     * fails the connect with {@link java.net.UnknownHostException}.
     *
     * @return the socket address to dial
     */
    InetSocketAddress resolve() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return key();
    }
}
