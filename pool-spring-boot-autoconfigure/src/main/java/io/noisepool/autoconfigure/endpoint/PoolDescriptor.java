package io.noisepool.autoconfigure.endpoint;

import io.noisepool.PoolStats;
import java.util.List;

/**
 * One pool as the {@code noisepool} endpoint shows it.
 *
 * @param stats its current counts
 * @param config its effective settings
 * @param connections every pooled connection, addresses masked unless shown
 */
public record PoolDescriptor(PoolStats stats, PoolConfigDescriptor config, List<ConnectionDescriptor> connections) {}
