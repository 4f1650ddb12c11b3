package io.noisepool.autoconfigure.endpoint;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Web extension of {@link NoisePoolEndpoint}: over HTTP a {@code null} answer to a DELETE would be
 * a 204, so this turns an unknown pool into a 404, as the read operations already give. The read
 * operations come from the endpoint itself.
 */
@EndpointWebExtension(endpoint = NoisePoolEndpoint.class)
public class NoisePoolEndpointWebExtension {

    private final NoisePoolEndpoint delegate;

    /**
     * @param delegate the endpoint that does the work, not {@code null}
     */
    public NoisePoolEndpointWebExtension(NoisePoolEndpoint delegate) {
        this.delegate = delegate;
    }

    /**
     * As {@link NoisePoolEndpoint#evictIdle}, with 404 for an unknown pool.
     *
     * @param pool the pool's bean name
     * @param address only this address's connections, or {@code null} for all
     * @return {@code {"closed": N}}, or 404
     */
    @DeleteOperation
    public WebEndpointResponse<EvictionDescriptor> evictIdle(@Selector String pool, @Nullable String address) {
        EvictionDescriptor result = this.delegate.evictIdle(pool, address);
        return (result != null) ? new WebEndpointResponse<>(result)
                : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
    }
}
