package io.noisepool.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerAddressTest {

    @Test
    void parsesHostAndPortIntoALowerCasePoolKey() {
        PeerAddress address = PeerAddress.parse(" Peer.Example:7000 ");
        assertThat(address.host()).isEqualTo("peer.example");
        assertThat(address.port()).isEqualTo(7000);
        assertThat(address.key()).isEqualTo("peer.example:7000");
    }

    @Test
    void keepsIpv6HostsInBrackets() {
        assertThat(PeerAddress.parse("[::1]:7000").key()).isEqualTo("[::1]:7000");
        assertThat(PeerAddress.parse("[::1]:7000").host()).isEqualTo("::1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "host", "host:", ":7000", "host:0", "host:65536", "host:70000000000", "host:7a",
        "::1:7000", "[]:7000", "a b:7000", "user@host:7000", "host/x:7000"})
    void rejectsWhatIsNotHostColonPort(String text) {
        assertThatThrownBy(() -> PeerAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
