package io.noisepool.bench;

import io.noisepool.Dialer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The pools a benchmark compares, used as a JMH {@code @Param}: each value runs in its own forked
 * JVM, with the same settings as the others.
 */
public enum Contender {
    /** Our {@link io.noisepool.ConnPool}. */
    OURS("ours", OursKeyedPool::bare),
    /** Ours with the Spring Boot starter's Micrometer metrics attached (benchmark 1 only). */
    OURS_MICROMETER("ours + Micrometer", OursKeyedPool::withMicrometer, false),
    /** Ours with {@code maxConcurrentDials} 8 (benchmark 3 only). */
    OURS_PARALLEL_DIALS("ours, 8 parallel dials", OursKeyedPool::parallelDials, false),
    /** Apache Commons Pool2's {@code GenericKeyedObjectPool}. */
    COMMONS_POOL2("Commons Pool2", CommonsKeyedPool::new),
    /** HikariCP's {@code ConcurrentBag}, one per address. */
    HIKARI_BAG("HikariCP bag", HikariBagKeyedPool::new),
    /** HikariCP's whole pool ({@code HikariDataSource}), one per address (benchmark 1 only). */
    HIKARI_POOL("HikariCP pool", HikariPoolKeyedPool::new, false),
    /** A map of lock-free deques with no bookkeeping. */
    FLOOR("floor", FloorKeyedPool::new);

    private final String label;
    private final Function<Dialer, KeyedPool> factory;
    private final boolean everywhere;

    Contender(String label, Function<Dialer, KeyedPool> factory) {
        this(label, factory, true);
    }

    Contender(String label, Function<Dialer, KeyedPool> factory, boolean everywhere) {
        this.label = label;
        this.factory = factory;
        this.everywhere = everywhere;
    }

    /**
     * @return the contenders every benchmark runs (the keyed pools and the floor); the others are
     *     variants measured where they answer a question: HikariCP's pool on one address, ours
     *     with metrics on the hit path, ours with parallel dials on the contended dial
     */
    public static List<Contender> everywhere() {
        return Arrays.stream(values()).filter(c -> c.everywhere).toList();
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
