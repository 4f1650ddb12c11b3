package io.noisepool.sample.noise;

import io.noisepool.sample.noise.NoiseTransportException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads length-prefixed frames (two bytes big-endian, then that many bytes) from a blocking
 * channel into one buffer it allocates once, sized to the largest frame it accepts. Nothing an
 * input says makes it allocate more, loop without reading, or accept a frame outside its limits.
 *
 * <p>Not thread-safe: one reader per connection, used by one thread at a time. Each frame
 * overwrites the previous one in {@link #buffer()}.
 */
public final class NoiseFrameReader {

    private final int minLength;
    private final int maxLength;
    private final byte[] frame;
    private final ByteBuffer header = ByteBuffer.allocate(NoiseWire.LENGTH_PREFIX);

    /**
     * @param minLength the shortest frame accepted, 0 or more
     * @param maxLength the longest frame accepted, from {@code minLength} to
     *     {@link NoiseWire#MAX_MESSAGE_LENGTH}
     * @throws IllegalArgumentException if the limits are out of range
     */
    public NoiseFrameReader(int minLength, int maxLength) {
        if (minLength < 0 || maxLength < minLength || maxLength > NoiseWire.MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("Frame limits must satisfy 0 <= min <= max <= "
                    + NoiseWire.MAX_MESSAGE_LENGTH + ", but were " + minLength + " and " + maxLength);
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.frame = new byte[maxLength];
    }

    /**
     * Reads the next frame into {@link #buffer()}.
     *
     * @param in a blocking channel, not {@code null}
     * @return the frame's length, or {@code -1} if the stream ended cleanly before the frame began
     * @throws NoiseTransportException {@link Kind#TRUNCATED} if the stream ends inside a frame,
     *     {@link Kind#BAD_FRAME} if the announced length is outside the limits
     * @throws IOException if the channel fails
     * @throws IllegalStateException if the channel reads zero bytes, as only a non-blocking channel does
     */
    public int readFrame(ReadableByteChannel in) throws IOException {
        header.clear();
        if (!fill(in, header)) {
            if (header.position() == 0) {
                return -1;
            }
            throw new NoiseTransportException(Kind.TRUNCATED, "The peer closed the connection inside a frame header");
        }
        int length = ((header.get(0) & 0xff) << 8) | (header.get(1) & 0xff);
        if (length < minLength || length > maxLength) {
            throw new NoiseTransportException(Kind.BAD_FRAME, "Frame of " + length
                    + " bytes is outside the allowed " + minLength + ".." + maxLength + " bytes");
        }
        if (!fill(in, ByteBuffer.wrap(frame, 0, length))) {
            throw new NoiseTransportException(Kind.TRUNCATED,
                    "The peer closed the connection inside a frame of " + length + " bytes");
        }
        return length;
    }

    /**
     * @return the buffer holding the last frame read, from index 0; its length is
     *     {@link #maxLength()}; the caller may decrypt in place
     */
    public byte[] buffer() {
        return frame;
    }

    /**
     * @return the longest frame this reader accepts
     */
    public int maxLength() {
        return maxLength;
    }

    /** Fills the buffer; {@code false} if the stream ended first. */
    private static boolean fill(ReadableByteChannel in, ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            int n = in.read(dst);
            if (n < 0) {
                return false;
            }
            if (n == 0) {
                throw new IllegalStateException("The channel read no bytes; NoiseFrameReader needs a blocking channel");
            }
        }
        return true;
    }
}
