package io.noisepool.sample.noise;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts every responder key and logs it; see {@link PeerKeyPolicy#acceptAnyAndLog()}. */
final class AcceptAnyKeyPolicy implements PeerKeyPolicy {

    static final AcceptAnyKeyPolicy INSTANCE = new AcceptAnyKeyPolicy();

    private static final Logger log = LoggerFactory.getLogger(AcceptAnyKeyPolicy.class);

    private AcceptAnyKeyPolicy() {}

    @Override
    public void check(String peer, byte[] remoteStaticKey) {
        // A public key is not secret; logging it lets the operator pin it in sample.trusted-keys.
        log.info("Accepted static key {} of peer {} without verification (demo only: set sample.trusted-keys to pin it)",
                NoiseKeyPair.toHex(remoteStaticKey), peer);
    }
}
