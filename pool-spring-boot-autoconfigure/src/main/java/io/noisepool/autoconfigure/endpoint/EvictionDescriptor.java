package io.noisepool.autoconfigure.endpoint;

/**
 * The answer to {@code DELETE /actuator/noisepool/{pool}}.
 *
 * @param closed how many idle connections were closed
 */
public record EvictionDescriptor(int closed) {}
