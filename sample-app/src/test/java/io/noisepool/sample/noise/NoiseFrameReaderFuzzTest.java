package io.noisepool.sample.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;

/**
 * Fuzzes {@link NoiseFrameReader} with arbitrary limits and bytes. In a normal build it replays
 * the stored inputs under {@code NoiseFrameReaderFuzzTestInputs/} as regression tests; with
 * {@code JAZZER_FUZZ=1} it searches for new ones.
 */
class NoiseFrameReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyInputEndsCleanlyOrInAProtocolError(FuzzedDataProvider data) throws IOException {
        int maxLength = data.consumeInt(0, NoiseWire.MAX_MESSAGE_LENGTH);
        int minLength = data.consumeInt(0, maxLength);
        byte[] input = data.consumeRemainingAsBytes();
        NoiseFrameReader reader = new NoiseFrameReader(minLength, maxLength);
        byte[] buffer = reader.buffer();
        ReadableByteChannel in = Channels.newChannel(new ByteArrayInputStream(input));

        // Every frame consumes at least its two-byte prefix, so the loop ends within input.length / 2 + 1 rounds.
        int consumed = 0;
        for (int round = 0; round <= input.length / 2; round++) {
            int length;
            try {
                length = reader.readFrame(in);
            } catch (NoiseTransportException e) {
                assertThat(e.kind()).isIn(NoiseTransportException.Kind.TRUNCATED, NoiseTransportException.Kind.BAD_FRAME);
                return;
            }
            if (length < 0) {
                assertThat(consumed).isEqualTo(input.length);
                return;
            }
            assertThat(length).isBetween(minLength, maxLength);
            assertThat(reader.buffer()).isSameAs(buffer).hasSize(maxLength);
            consumed += NoiseWire.LENGTH_PREFIX + length;
        }
        throw new AssertionError("The reader kept returning frames past the end of its input");
    }
}
