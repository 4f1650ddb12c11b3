package io.noisepool.autoconfigure;

import io.noisepool.Pool;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Pool} bean that passes every call on to another {@code Pool} bean, adding something
 * around it (the starter's Observation decorator is one). The endpoint, health, metrics and the
 * shutdown drain skip such beans, so that one pool is never shown, counted or drained twice.
 */
public interface DelegatingPool extends Pool {

    /**
     * @return the pool every call is passed on to, never {@code null}
     */
    Pool delegate();

    /**
     * The pools among some {@code Pool} beans, leaving out every {@link DelegatingPool}.
     *
     * @param beans {@code Pool} beans by bean name, not {@code null}
     * @return a new map of the others, by bean name, in the order given
     */
    static Map<String, Pool> withoutDelegates(Map<String, ? extends Pool> beans) {
        Map<String, Pool> pools = new LinkedHashMap<>();
        beans.forEach((name, pool) -> {
            if (!(pool instanceof DelegatingPool)) {
                pools.put(name, pool);
            }
        });
        return pools;
    }
}
