package io.noisepool.autoconfigure.endpoint;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The answer to {@code DELETE /actuator/noisepool/{pool}}; an {@link OperationResponseBody}, so
 * Actuator's own JSON mapper renders it.
 *
 * @param closed how many idle connections were closed
 */
public record EvictionDescriptor(int closed) implements OperationResponseBody {}
