package io.noisepool.sample.noise;

import com.southernstorm.noise.protocol.CipherStatePair;
import com.southernstorm.noise.protocol.HandshakeState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The wire format written straight on noise-java's {@link HandshakeState} and cipher states and
 * on data streams, sharing no code with the transport under test, as another implementation would.
 */
final class BareNoise {

    static final String PROTOCOL = "Noise_XX_25519_ChaChaPoly_SHA256";

    private BareNoise() {}

    static void writeFrame(DataOutputStream out, byte[] message, int length) throws IOException {
        out.writeShort(length);
        out.write(message, 0, length);
        out.flush();
    }

    static byte[] readFrame(DataInputStream in) throws IOException {
        byte[] frame = new byte[in.readUnsignedShort()];
        in.readFully(frame);
        return frame;
    }

    /** A handshake state for the role with a fresh static key, started. */
    static HandshakeState start(int role) throws Exception {
        HandshakeState hs = new HandshakeState(PROTOCOL, role);
        hs.getLocalKeyPair().generateKeyPair();
        hs.start();
        return hs;
    }

    /** Runs the handshake to the end; the caller reads the remote key from {@code hs} before destroying it. */
    static CipherStatePair handshake(HandshakeState hs, DataInputStream in, DataOutputStream out) throws Exception {
        byte[] buffer = new byte[65535];
        byte[] payload = new byte[65535];
        while (true) {
            switch (hs.getAction()) {
                case HandshakeState.WRITE_MESSAGE -> writeFrame(out, buffer, hs.writeMessage(buffer, 0, null, 0, 0));
                case HandshakeState.READ_MESSAGE -> {
                    byte[] frame = readFrame(in);
                    hs.readMessage(frame, 0, frame.length, payload, 0);
                }
                case HandshakeState.SPLIT -> {
                    return hs.split();
                }
                default -> throw new IllegalStateException("Handshake ended in action " + hs.getAction());
            }
        }
    }

    static byte[] remoteKey(HandshakeState hs) {
        byte[] key = new byte[32];
        hs.getRemotePublicKey().getPublicKey(key, 0);
        return key;
    }

    static void sendEncrypted(CipherStatePair ciphers, DataOutputStream out, byte[] plaintext) throws Exception {
        byte[] sealed = new byte[plaintext.length + 16];
        int length = ciphers.getSender().encryptWithAd(null, plaintext, 0, sealed, 0, plaintext.length);
        writeFrame(out, sealed, length);
    }

    static byte[] receiveDecrypted(CipherStatePair ciphers, DataInputStream in) throws Exception {
        byte[] frame = readFrame(in);
        byte[] plaintext = new byte[frame.length];
        int length = ciphers.getReceiver().decryptWithAd(null, frame, 0, plaintext, 0, frame.length);
        return java.util.Arrays.copyOf(plaintext, length);
    }
}
