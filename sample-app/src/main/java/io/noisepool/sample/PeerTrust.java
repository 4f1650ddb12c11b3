package io.noisepool.sample;

import io.noisepool.sample.noise.NoiseEchoPeer;
import io.noisepool.sample.noise.NoiseKeyPair;
import io.noisepool.sample.noise.PeerKeyPolicy;
import java.util.List;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Chooses how a peer's static key is checked: the embedded peer's own key always; for other peers
 * {@code sample.trusted-keys} when set, else any key, logged (demo only). Immutable.
 */
final class PeerTrust {

    private final String embeddedAddress;
    private final PeerKeyPolicy embedded;
    private final PeerKeyPolicy others;

    private PeerTrust(String embeddedAddress, PeerKeyPolicy embedded, PeerKeyPolicy others) {
        this.embeddedAddress = embeddedAddress;
        this.embedded = embedded;
        this.others = others;
    }

    static PeerTrust of(NoiseEchoPeer embeddedPeer, List<String> trustedKeysHex) {
        PeerKeyPolicy others = trustedKeysHex.isEmpty() ? PeerKeyPolicy.acceptAnyAndLog()
                : PeerKeyPolicy.trusted(trustedKeysHex.stream().map(PeerTrust::parseTrustedKey).toList());
        return new PeerTrust(PeerAddress.of(embeddedPeer.address()).key(),
                PeerKeyPolicy.pinned(embeddedPeer.publicKey()), others);
    }

    /**
     * @param peer the peer to dial
     * @return the policy its static key must pass
     */
    PeerKeyPolicy policyFor(PeerAddress peer) {
        return peer.key().equals(embeddedAddress) ? embedded : others;
    }

    /**
     * @return the embedded peer's address
     */
    String embeddedAddress() {
        return embeddedAddress;
    }

    private static byte[] parseTrustedKey(String hex) {
        try {
            return NoiseKeyPair.parseKeyHex(hex, "trusted public key");
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException("sample.trusted-keys", hex, e.getMessage());
        }
    }
}
