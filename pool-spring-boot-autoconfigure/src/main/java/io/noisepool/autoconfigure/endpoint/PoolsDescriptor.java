package io.noisepool.autoconfigure.endpoint;

import java.util.Map;

/**
 * The {@code noisepool} endpoint's answer: every pool, keyed by bean name.
 *
 * @param pools each pool's description, by bean name, in name order
 */
public record PoolsDescriptor(Map<String, PoolDescriptor> pools) {}
