package io.noisepool;

/**
 * Probes an idle connection before the pool hands it out (a ping round trip, a socket-level
 * liveness check). A connection that fails it, or whose probe throws, is closed and removed, and
 * the next idle connection is tried. The probe runs without any pool-wide lock held.
 */
@FunctionalInterface
public interface HealthCheck {

    /**
     * Decides whether an idle connection may be handed out.
     *
     * @param conn the connection as dialed or put, never the pool's wrapper
     * @return {@code true} if the connection is healthy
     * @throws Exception treated as unhealthy, and logged
     */
    boolean isHealthy(Conn conn) throws Exception;
}
