package io.noisepool.sample.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.noisepool.sample.noise.NoiseTransportException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoiseFrameReaderTest {

    private final NoiseFrameReader reader = new NoiseFrameReader(16, NoiseWire.MAX_MESSAGE_LENGTH);

    @Test
    void readsConsecutiveFramesThenACleanEnd() throws IOException {
        byte[] first = filled(16, (byte) 1);
        byte[] second = filled(20, (byte) 2);
        ReadableByteChannel in = channel(concat(frame(first), frame(second)));

        assertThat(reader.readFrame(in)).isEqualTo(16);
        assertThat(Arrays.copyOf(reader.buffer(), 16)).isEqualTo(first);
        assertThat(reader.readFrame(in)).isEqualTo(20);
        assertThat(Arrays.copyOf(reader.buffer(), 20)).isEqualTo(second);
        assertThat(reader.readFrame(in)).isEqualTo(-1);
    }

    @Test
    void readsAFrameOfTheLargestNoiseMessage() throws IOException {
        byte[] largest = filled(NoiseWire.MAX_MESSAGE_LENGTH, (byte) 7);
        assertThat(reader.readFrame(channel(frame(largest)))).isEqualTo(65535);
        assertThat(reader.buffer()).isEqualTo(largest);
    }

    @Test
    void endInsideTheLengthPrefixIsATruncation() {
        assertKind(new byte[] {0}, Kind.TRUNCATED);
    }

    @Test
    void endInsideTheBodyIsATruncation() {
        assertKind(new byte[] {0, 32, 1, 2, 3}, Kind.TRUNCATED);
    }

    @Test
    void frameShorterThanTheMinimumIsBad() {
        assertKind(frame(new byte[15]), Kind.BAD_FRAME);
    }

    @Test
    void frameLongerThanTheMaximumIsBadAndNotRead() {
        NoiseFrameReader small = new NoiseFrameReader(0, 100);
        assertThatThrownBy(() -> small.readFrame(channel(new byte[] {(byte) 0xff, (byte) 0xff})))
                .isInstanceOfSatisfying(NoiseTransportException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_FRAME));
        assertThat(small.buffer()).hasSize(100);
    }

    @Test
    void limitsOutsideTheNoiseRangeAreRejected() {
        assertThatThrownBy(() -> new NoiseFrameReader(0, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NoiseFrameReader(10, 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NoiseFrameReader(-1, 9)).isInstanceOf(IllegalArgumentException.class);
    }

    private void assertKind(byte[] input, Kind kind) {
        assertThatThrownBy(() -> reader.readFrame(channel(input)))
                .isInstanceOfSatisfying(NoiseTransportException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }

    static byte[] frame(byte[] body) {
        byte[] frame = new byte[body.length + 2];
        frame[0] = (byte) (body.length >>> 8);
        frame[1] = (byte) body.length;
        System.arraycopy(body, 0, frame, 2, body.length);
        return frame;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    private static ReadableByteChannel channel(byte[] bytes) {
        return Channels.newChannel(new ByteArrayInputStream(bytes));
    }
}
