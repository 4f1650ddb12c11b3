package io.noisepool.bench;

/** How the Noise echo benchmark reaches the peer; a JMH {@code @Param}. */
public enum Transport {
    /** Through our pool: one Noise session per thread, reused. */
    POOLED,
    /** TCP connect + Noise_XX handshake + close around every request. */
    DIAL_PER_REQUEST
}
