package io.noisepool.sample.noise;

import com.southernstorm.noise.protocol.DHState;
import com.southernstorm.noise.protocol.Noise;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A Curve25519 static key pair for the Noise handshake. Immutable and thread-safe; the private
 * key never leaves it except into a handshake, and {@link #toString()} shows only the public key.
 */
public final class NoiseKeyPair {

    /** Length in bytes of a Curve25519 key, public or private. */
    public static final int KEY_LENGTH = 32;

    private static final String DH_NAME = "25519";
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] privateKey;
    private final byte[] publicKey;

    private NoiseKeyPair(byte[] privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * @return a new key pair from a secure random source
     */
    public static NoiseKeyPair generate() {
        DHState dh = newDh();
        try {
            dh.generateKeyPair();
            return of(dh);
        } finally {
            dh.destroy();
        }
    }

    /**
     * Derives the key pair of a private key given in hex, as configured.
     *
     * @param privateKeyHex 64 hex digits, not {@code null}
     * @return the key pair
     * @throws IllegalArgumentException if it is not 32 bytes of hex; the message never repeats the input
     */
    public static NoiseKeyPair fromPrivateKeyHex(String privateKeyHex) {
        byte[] key = parseKeyHex(privateKeyHex, "private key");
        DHState dh = newDh();
        try {
            dh.setPrivateKey(key, 0);
            return of(dh);
        } finally {
            dh.destroy();
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Parses a 32-byte key written as hex (a trusted public key, say).
     *
     * @param hex 64 hex digits, upper or lower case, not {@code null}
     * @param what what the key is, for the error message
     * @return the key bytes
     * @throws IllegalArgumentException if it is not 32 bytes of hex
     */
    public static byte[] parseKeyHex(String hex, String what) {
        String trimmed = hex.strip();
        if (trimmed.length() != 2 * KEY_LENGTH) {
            throw new IllegalArgumentException("A Noise " + what + " must be " + 2 * KEY_LENGTH
                    + " hex digits (" + KEY_LENGTH + " bytes), but had " + trimmed.length() + " characters");
        }
        try {
            return HEX.parseHex(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("A Noise " + what + " must be written in hex digits only", e);
        }
    }

    /**
     * @param key a key, not {@code null}
     * @return the key as lower-case hex
     */
    public static String toHex(byte[] key) {
        return HEX.formatHex(key);
    }

    /**
     * @return a copy of the public key
     */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * @return the public key as lower-case hex
     */
    public String publicKeyHex() {
        return toHex(publicKey);
    }

    /** Loads this pair into a handshake's local key slot. */
    void applyTo(DHState localKeyPair) {
        localKeyPair.setPrivateKey(privateKey, 0);
    }

    @Override
    public String toString() {
        return "NoiseKeyPair[public=" + publicKeyHex() + "]";
    }

    private static NoiseKeyPair of(DHState dh) {
        byte[] priv = new byte[dh.getPrivateKeyLength()];
        byte[] pub = new byte[dh.getPublicKeyLength()];
        dh.getPrivateKey(priv, 0);
        dh.getPublicKey(pub, 0);
        return new NoiseKeyPair(priv, pub);
    }

    static DHState newDh() {
        try {
            return Noise.createDH(DH_NAME);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("noise-java lacks Curve25519, which it always ships", e);
        }
    }
}
