package io.noisepool.autoconfigure;

import io.noisepool.PoolConfig;

/**
 * Adjusts the auto-configured pool's configuration in code. Every bean of this type is applied,
 * in {@link org.springframework.core.annotation.Order @Order} (or
 * {@link org.springframework.core.Ordered}) order, to a builder that already holds the
 * {@code noise.pool.*} properties and the {@code HealthCheck} and {@code ReadyCheck} beans, so a
 * customizer wins over the properties. Not applied to a {@code Pool} bean the application defines
 * itself.
 */
@FunctionalInterface
public interface NoisePoolCustomizer {

    /**
     * Customizes the configuration before the pool is built. Called once, on the thread that
     * creates the pool bean; a value the builder rejects fails start-up.
     *
     * @param builder the builder, never {@code null}
     */
    void customize(PoolConfig.Builder builder);
}
