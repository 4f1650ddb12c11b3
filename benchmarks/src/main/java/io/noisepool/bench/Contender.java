package io.noisepool.bench;

import io.noisepool.Dialer;
import java.util.function.Function;

/**
 * The pools a benchmark compares, used as a JMH {@code @Param}: each value runs in its own forked
 * JVM, with the same settings as the others.
 */
public enum Contender {
    /** Our {@link io.noisepool.ConnPool}. */
    OURS("ours", OursKeyedPool::new),
    /** Apache Commons Pool2's {@code GenericKeyedObjectPool}. */
    COMMONS_POOL2("Commons Pool2", CommonsKeyedPool::new),
    /** HikariCP's {@code ConcurrentBag}, one per address. */
    HIKARI_BAG("HikariCP bag", HikariBagKeyedPool::new),
    /** A map of lock-free deques with no bookkeeping. */
    FLOOR("floor", FloorKeyedPool::new);

    private final String label;
    private final Function<Dialer, KeyedPool> factory;

    Contender(String label, Function<Dialer, KeyedPool> factory) {
        this.label = label;
        this.factory = factory;
    }

    /**
     * @return the name shown in reports
     */
    public String label() {
        return label;
    }

    /**
     * Creates an empty pool of this kind.
     *
     * @param dialer opens a connection on a miss
     * @return the pool
     */
    public KeyedPool create(Dialer dialer) {
        return factory.apply(dialer);
    }
}
