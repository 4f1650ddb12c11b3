package io.noisepool.sample;

import org.springframework.http.HttpStatus;

/**
 * An echo request that could not be served, with the HTTP status it answers with. The message is
 * for the client and holds no payload or key material.
 */
class EchoFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the echo failed, and the status each reason answers with. */
    enum Reason {
        BAD_PEER_ADDRESS(HttpStatus.BAD_REQUEST, "Bad peer address"),
        BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Body too large for one Noise message"),
        PEER_UNREACHABLE(HttpStatus.BAD_GATEWAY, "Peer unreachable"),
        HANDSHAKE_FAILED(HttpStatus.BAD_GATEWAY, "Noise handshake failed"),
        PEER_FAILED(HttpStatus.BAD_GATEWAY, "Peer connection failed"),
        PEER_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "Peer timed out"),
        POOL_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "No pooled connection available");

        private final HttpStatus status;
        private final String title;

        Reason(HttpStatus status, String title) {
            this.status = status;
            this.title = title;
        }

        HttpStatus status() {
            return status;
        }

        String title() {
            return title;
        }
    }

    private final Reason reason;

    EchoFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
