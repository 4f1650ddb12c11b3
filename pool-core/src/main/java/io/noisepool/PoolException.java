package io.noisepool;

import java.util.Objects;

/**
 * The one exception type the pool throws for pool-level failures. {@link #code()} says what
 * happened; the message says to which address, with the pool's counts and what to do.
 */
public class PoolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What happened, never {@code null}; part of the serialized form. */
    private final PoolErrorCode code;

    /**
     * @param code what happened, not {@code null}
     * @param message a sentence for a person
     */
    public PoolException(PoolErrorCode code, String message) {
        this(code, message, null);
    }

    /**
     * @param code what happened, not {@code null}
     * @param message a sentence for a person
     * @param cause the underlying failure, or {@code null}
     */
    public PoolException(PoolErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * @return what happened, never {@code null}
     */
    public PoolErrorCode code() {
        return code;
    }
}
