package io.noisepool.sample.noise;

/**
 * The sample's wire format, so that any Noise implementation can talk to it in either role:
 * protocol {@value #PROTOCOL_NAME}, an empty prologue, empty handshake payloads (a payload
 * received is ignored), and every handshake and transport message preceded by its length as two
 * bytes, big-endian. The echo peer answers each transport message with one transport message
 * carrying the same plaintext.
 */
public final class NoiseWire {

    /** The Noise protocol name both sides run. */
    public static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";

    /** The longest Noise message, handshake or transport, as the Noise specification limits it. */
    public static final int MAX_MESSAGE_LENGTH = 65535;

    /** The authentication tag ChaChaPoly appends to every transport message. */
    public static final int MAC_LENGTH = 16;

    /** The most plaintext one transport message carries: {@code 65535 - 16 = 65519} bytes. */
    public static final int MAX_PLAINTEXT_LENGTH = MAX_MESSAGE_LENGTH - MAC_LENGTH;

    /** Bytes of the length prefix before each message. */
    public static final int LENGTH_PREFIX = 2;

    private NoiseWire() {}
}
