package io.noisepool.autoconfigure.endpoint;

import java.util.HashSet;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code noisepool} endpoint, bound from {@code management.endpoint.noisepool.*}.
 * Its exposure and access are Spring Boot's usual endpoint properties. Mutable for binding only.
 */
@ConfigurationProperties("management.endpoint.noisepool")
public class NoisePoolEndpointProperties {

    /**
     * When to show peer addresses; hidden ones are masked. Addresses identify a router's peers, so
     * they are hidden unless asked for.
     */
    private Show showAddresses = Show.NEVER;

    /**
     * Roles that may see addresses when show-addresses is when-authorized; empty means any
     * authenticated user.
     */
    private Set<String> roles = new HashSet<>();

    /** @return when addresses are shown */
    public Show getShowAddresses() {
        return this.showAddresses;
    }

    /** @param showAddresses when addresses are shown */
    public void setShowAddresses(Show showAddresses) {
        this.showAddresses = showAddresses;
    }

    /** @return the roles that may see addresses when authorized */
    public Set<String> getRoles() {
        return this.roles;
    }

    /** @param roles the roles that may see addresses when authorized */
    public void setRoles(Set<String> roles) {
        this.roles = roles;
    }
}
