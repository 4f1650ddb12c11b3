package io.noisepool.autoconfigure.endpoint;

import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Web extension of {@link NoisePoolEndpoint}: over HTTP, {@code show-addresses: when-authorized}
 * shows addresses only to an authenticated caller holding one of the configured roles (any
 * authenticated caller when there are none), and an unknown pool answers 404 to every operation.
 * Thread-safe.
 */
@EndpointWebExtension(endpoint = NoisePoolEndpoint.class)
public class NoisePoolEndpointWebExtension {

    private final NoisePoolEndpoint delegate;
    private final Show showAddresses;
    private final Set<String> roles;

    /**
     * @param delegate the endpoint that does the work, not {@code null}
     * @param showAddresses when addresses are shown, not {@code null}
     * @param roles the roles that may see addresses with {@link Show#WHEN_AUTHORIZED}
     */
    public NoisePoolEndpointWebExtension(NoisePoolEndpoint delegate, Show showAddresses, Set<String> roles) {
        this.delegate = delegate;
        this.showAddresses = showAddresses;
        this.roles = Set.copyOf(roles);
    }

    /**
     * @param securityContext the caller, to decide whether addresses show
     * @return every pool, by bean name
     */
    @ReadOperation
    public PoolsDescriptor pools(SecurityContext securityContext) {
        return this.delegate.describePools(this.showAddresses.isShown(securityContext, this.roles));
    }

    /**
     * @param securityContext the caller, to decide whether addresses show
     * @param pool the pool's bean name
     * @return that pool, or 404
     */
    @ReadOperation
    public WebEndpointResponse<PoolDescriptor> pool(SecurityContext securityContext, @Selector String pool) {
        return orNotFound(this.delegate.describePool(pool, this.showAddresses.isShown(securityContext, this.roles)));
    }

    /**
     * As {@link NoisePoolEndpoint#evictIdle}, with 404 for an unknown pool (a {@code null} answer
     * would be a 204) and 400 for a blank address.
     *
     * @param pool the pool's bean name
     * @param address only this address's connections, or {@code null} for all
     * @return {@code {"closed": N}}, or 404
     */
    @DeleteOperation
    public WebEndpointResponse<EvictionDescriptor> evictIdle(@Selector String pool, @Nullable String address) {
        return orNotFound(this.delegate.evictIdle(pool, address));
    }

    private static <T> WebEndpointResponse<T> orNotFound(@Nullable T body) {
        return (body != null) ? new WebEndpointResponse<>(body)
                : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
    }
}
