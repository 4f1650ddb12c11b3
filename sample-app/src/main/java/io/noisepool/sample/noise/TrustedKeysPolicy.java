package io.noisepool.sample.noise;

import io.noisepool.sample.noise.NoiseTransportException.Kind;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;

/** Accepts a responder whose static key is one of a fixed set; see {@link PeerKeyPolicy#trusted}. */
final class TrustedKeysPolicy implements PeerKeyPolicy {

    private final List<byte[]> keys;

    TrustedKeysPolicy(Collection<byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("A trusted-keys policy needs at least one key");
        }
        this.keys = keys.stream().map(byte[]::clone).toList();
    }

    @Override
    public void check(String peer, byte[] remoteStaticKey) throws NoiseTransportException {
        for (byte[] key : keys) {
            if (MessageDigest.isEqual(key, remoteStaticKey)) {
                return;
            }
        }
        throw new NoiseTransportException(Kind.UNTRUSTED_KEY, "Peer " + peer + " proved static key "
                + NoiseKeyPair.toHex(remoteStaticKey) + ", which is not among the " + keys.size()
                + " trusted key(s); add it to sample.trusted-keys if this peer is genuine");
    }
}
