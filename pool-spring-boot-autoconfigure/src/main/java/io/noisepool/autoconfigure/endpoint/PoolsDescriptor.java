package io.noisepool.autoconfigure.endpoint;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The {@code noisepool} endpoint's answer: every pool, keyed by bean name. An
 * {@link OperationResponseBody}, so Actuator's own JSON mapper renders it and the application's
 * Jackson settings cannot change it.
 *
 * @param pools each pool's description, by bean name, in name order
 */
public record PoolsDescriptor(Map<String, PoolDescriptor> pools) implements OperationResponseBody {}
