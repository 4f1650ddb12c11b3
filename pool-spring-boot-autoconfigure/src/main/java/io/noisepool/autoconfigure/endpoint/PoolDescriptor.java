package io.noisepool.autoconfigure.endpoint;

import java.util.List;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * One pool as the {@code noisepool} endpoint shows it. An {@link OperationResponseBody}, so
 * Actuator's own JSON mapper renders it and the application's Jackson settings cannot change it.
 *
 * @param stats its current counts
 * @param config its effective settings
 * @param connections every pooled connection, addresses masked unless shown
 */
public record PoolDescriptor(PoolStatsDescriptor stats, PoolConfigDescriptor config,
        List<ConnectionDescriptor> connections) implements OperationResponseBody {}
