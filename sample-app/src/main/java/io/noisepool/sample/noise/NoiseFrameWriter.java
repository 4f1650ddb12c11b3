package io.noisepool.sample.noise;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Writes length-prefixed frames from one buffer it allocates once: the caller puts the message at
 * {@link #MESSAGE_OFFSET} in {@link #buffer()} (encrypting in place, typically), then calls
 * {@link #writeFrame}, which adds the two-byte big-endian length and writes prefix and message
 * with as few writes as the channel allows.
 *
 * <p>Not thread-safe: one writer per connection, used by one thread at a time.
 */
public final class NoiseFrameWriter {

    /** Where the message starts in {@link #buffer()}, after the length prefix. */
    public static final int MESSAGE_OFFSET = NoiseWire.LENGTH_PREFIX;

    private final byte[] buffer = new byte[NoiseWire.LENGTH_PREFIX + NoiseWire.MAX_MESSAGE_LENGTH];

    /**
     * @return the buffer to put a message into, at {@link #MESSAGE_OFFSET}
     */
    public byte[] buffer() {
        return buffer;
    }

    /**
     * Writes the message of {@code length} bytes at {@link #MESSAGE_OFFSET}, prefixed by its length.
     *
     * @param out a blocking channel, not {@code null}
     * @param length the message length, 0 to {@link NoiseWire#MAX_MESSAGE_LENGTH}
     * @throws IllegalArgumentException if the length is out of range
     * @throws IOException if the channel fails
     */
    public void writeFrame(WritableByteChannel out, int length) throws IOException {
        if (length < 0 || length > NoiseWire.MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("A Noise message has 0.." + NoiseWire.MAX_MESSAGE_LENGTH
                    + " bytes, not " + length);
        }
        buffer[0] = (byte) (length >>> 8);
        buffer[1] = (byte) length;
        ByteBuffer frame = ByteBuffer.wrap(buffer, 0, MESSAGE_OFFSET + length);
        while (frame.hasRemaining()) {
            out.write(frame);
        }
    }
}
