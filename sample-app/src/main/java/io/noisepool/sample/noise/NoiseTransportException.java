package io.noisepool.sample.noise;

import java.io.IOException;
import java.util.Objects;

/**
 * A Noise connection or handshake failed in a way the protocol can name. The {@link #kind()}
 * says what happened; callers branch on it, never on the message. After any of these the
 * connection that threw is failed and closed.
 */
public class NoiseTransportException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The peer closed the connection in the middle of a frame or a handshake. */
        TRUNCATED,
        /** A frame's length broke the protocol's limits. */
        BAD_FRAME,
        /** A transport message failed authentication: tampered, reordered or from another session. */
        BAD_MAC,
        /** The handshake could not be completed: a malformed or unexpected handshake message. */
        HANDSHAKE_FAILED,
        /** The responder's static public key is not the one expected. */
        UNTRUSTED_KEY,
        /** The peer did not send in time. */
        TIMEOUT,
        /** The socket failed, or the connection had already failed; the underlying failure is the cause. */
        BROKEN
    }

    private final Kind kind;

    /**
     * @param kind what happened, not {@code null}
     * @param message a sentence for a person, never holding key material or payload bytes
     * @param cause the underlying failure, or {@code null}
     */
    public NoiseTransportException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * @param kind what happened, not {@code null}
     * @param message a sentence for a person
     */
    public NoiseTransportException(Kind kind, String message) {
        this(kind, message, null);
    }

    /**
     * @return what happened, never {@code null}
     */
    public Kind kind() {
        return kind;
    }
}
