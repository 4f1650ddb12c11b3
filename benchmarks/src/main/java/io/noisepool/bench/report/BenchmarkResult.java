package io.noisepool.bench.report;

import java.util.Map;

/**
 * One entry of a JMH JSON result file: a benchmark method at one thread count and one set of
 * parameter values.
 *
 * @param benchmark the fully qualified benchmark method, {@code package.Class.method}
 * @param mode JMH's mode name ({@code thrpt}, {@code avgt}, {@code ss}), or {@code heap} for the
 *     memory measurements
 * @param threads the number of benchmark threads
 * @param params parameter values by name, never {@code null}
 * @param primary the primary score
 * @param secondary secondary scores (profilers, counters) by name, never {@code null}
 */
public record BenchmarkResult(
        String benchmark,
        String mode,
        int threads,
        Map<String, String> params,
        Metric primary,
        Map<String, Metric> secondary) {

    /** The parameter that names the pool under test. */
    public static final String POOL_PARAM = "pool";

    /**
     * @return {@code Class.method}, without the package
     */
    public String shortName() {
        int method = benchmark.lastIndexOf('.');
        int type = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }

    /**
     * @return the value of the {@value #POOL_PARAM} parameter, or {@code null} if there is none
     */
    public String contender() {
        return params.get(POOL_PARAM);
    }
}
