package io.noisepool.sample;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.noisepool.sample.noise.NoiseEchoPeer;
import io.noisepool.sample.noise.NoiseKeyPair;
import io.noisepool.sample.noise.NoiseTransportException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

class PeerTrustTest {

    private final NoiseKeyPair peerKey = NoiseKeyPair.generate();
    private final byte[] strangerKey = NoiseKeyPair.generate().publicKey();
    private NoiseEchoPeer embedded;
    private PeerAddress embeddedAddress;
    private final PeerAddress other = PeerAddress.parse("other-peer.example:7000");

    @BeforeEach
    void startPeer() throws IOException {
        embedded = NoiseEchoPeer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), peerKey,
                Duration.ofSeconds(5));
        embeddedAddress = PeerAddress.of(embedded.address());
    }

    @AfterEach
    void stopPeer() {
        embedded.close();
    }

    @Test
    void embeddedPeerMustAlwaysProveItsOwnKey() throws Exception {
        PeerTrust trust = PeerTrust.of(embedded, List.of());
        assertThatCode(() -> trust.policyFor(embeddedAddress).check("embedded", peerKey.publicKey())).doesNotThrowAnyException();
        assertThatThrownBy(() -> trust.policyFor(embeddedAddress).check("embedded", strangerKey))
                .isInstanceOf(NoiseTransportException.class);
    }

    @Test
    void otherPeersAreCheckedAgainstTrustedKeysWhenSet() {
        PeerTrust trust = PeerTrust.of(embedded, List.of(NoiseKeyPair.toHex(strangerKey)));
        assertThatCode(() -> trust.policyFor(other).check("other", strangerKey)).doesNotThrowAnyException();
        assertThatThrownBy(() -> trust.policyFor(other).check("other", peerKey.publicKey()))
                .isInstanceOf(NoiseTransportException.class);
    }

    @Test
    void otherPeersAreAcceptedWhenNoKeysAreTrusted() {
        PeerTrust trust = PeerTrust.of(embedded, List.of());
        assertThatCode(() -> trust.policyFor(other).check("other", strangerKey)).doesNotThrowAnyException();
    }

    @Test
    void malformedTrustedKeyStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> PeerTrust.of(embedded, List.of("not-hex")))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("sample.trusted-keys");
    }
}
