package io.noisepool.sample.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NoiseKeyPairTest {

    private static final String PRIVATE_HEX = "a8abababababababababababababababababababababababababababababab6b";

    @Test
    void configuredPrivateKeyAlwaysYieldsTheSamePublicKey() {
        NoiseKeyPair a = NoiseKeyPair.fromPrivateKeyHex(PRIVATE_HEX);
        NoiseKeyPair b = NoiseKeyPair.fromPrivateKeyHex(PRIVATE_HEX.toUpperCase());
        assertThat(a.publicKey()).hasSize(32).isEqualTo(b.publicKey());
        assertThat(a.publicKeyHex()).isNotEqualTo(PRIVATE_HEX);
    }

    @Test
    void toStringShowsOnlyThePublicKey() {
        NoiseKeyPair pair = NoiseKeyPair.fromPrivateKeyHex(PRIVATE_HEX);
        assertThat(pair.toString()).contains(pair.publicKeyHex()).doesNotContain(PRIVATE_HEX);
    }

    @Test
    void malformedKeysAreRejectedWithoutEchoingThem() {
        assertThatThrownBy(() -> NoiseKeyPair.fromPrivateKeyHex("abcd"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hex digits")
                .hasMessageNotContaining("abcd");
        String notHex = "zz" + PRIVATE_HEX.substring(2);
        assertThatThrownBy(() -> NoiseKeyPair.parseKeyHex(notHex, "public key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(notHex);
    }
}
