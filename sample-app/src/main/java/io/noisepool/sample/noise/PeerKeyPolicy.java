package io.noisepool.sample.noise;

import java.util.Collection;
import java.util.List;

/**
 * Decides whether the static public key a responder proved during the handshake is acceptable.
 * The dialer asks before it sends its own last handshake message, so a rejected peer never
 * learns the client's static key. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface PeerKeyPolicy {

    /**
     * @param peer the peer's address, for messages
     * @param remoteStaticKey the responder's static public key, 32 bytes
     * @throws NoiseTransportException {@link NoiseTransportException.Kind#UNTRUSTED_KEY} if the key is refused
     */
    void check(String peer, byte[] remoteStaticKey) throws NoiseTransportException;

    /**
     * @param expected the only key accepted, 32 bytes, not {@code null}
     * @return a policy that accepts exactly that key
     */
    static PeerKeyPolicy pinned(byte[] expected) {
        return new TrustedKeysPolicy(List.of(expected));
    }

    /**
     * @param keys the keys accepted, not {@code null} nor empty
     * @return a policy that accepts any of those keys
     */
    static PeerKeyPolicy trusted(Collection<byte[]> keys) {
        return new TrustedKeysPolicy(keys);
    }

    /**
     * For demos only: accepts every key and logs it at INFO, so an operator can copy it into a
     * trusted list. It gives no protection against a man in the middle.
     *
     * @return the accepting policy
     */
    static PeerKeyPolicy acceptAnyAndLog() {
        return AcceptAnyKeyPolicy.INSTANCE;
    }
}
