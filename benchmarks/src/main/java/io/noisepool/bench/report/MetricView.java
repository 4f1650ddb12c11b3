package io.noisepool.bench.report;

import java.util.Optional;
import java.util.function.Function;

/**
 * One table of a report section: which number to take from each result and how to read it.
 *
 * @param caption what the table shows, e.g. "throughput"
 * @param extract the number of one result, empty if the result does not have it
 * @param higherIsBetter whether a larger number is the better one
 * @param ratios whether to add a ratio column for the first column against each other
 */
public record MetricView(
        String caption, Function<BenchmarkResult, Optional<Metric>> extract, boolean higherIsBetter, boolean ratios) {

    /**
     * @param caption the caption
     * @param higherIsBetter whether larger is better
     * @return a view of the primary score, with ratios
     */
    public static MetricView primary(String caption, boolean higherIsBetter) {
        return new MetricView(caption, r -> Optional.of(r.primary()), higherIsBetter, true);
    }

    /**
     * @param caption the caption
     * @param name the secondary metric's name as JMH writes it (e.g. {@code gc.alloc.rate.norm})
     * @return a view of that secondary metric, without ratios, lower being better
     */
    public static MetricView secondary(String caption, String name) {
        return new MetricView(caption, r -> Optional.ofNullable(r.secondary().get(name)), false, false);
    }

    /**
     * A count per operation from two counters of the same iteration, e.g. dials per round.
     *
     * @param caption the caption
     * @param counter the counter to divide
     * @param per the counter to divide by
     * @return a view of their quotient, without error bar or ratios, lower being better
     */
    public static MetricView quotient(String caption, String counter, String per) {
        return new MetricView(caption, r -> {
            Metric top = r.secondary().get(counter);
            Metric bottom = r.secondary().get(per);
            if (top == null || bottom == null || bottom.score() == 0) {
                return Optional.empty();
            }
            return Optional.of(new Metric(top.score() / bottom.score(), Double.NaN, counter + "/" + per));
        }, false, false);
    }
}
