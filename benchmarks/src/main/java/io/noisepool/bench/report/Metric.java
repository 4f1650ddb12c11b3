package io.noisepool.bench.report;

/**
 * One measured value with its error bar, as JMH reports it.
 *
 * @param score the mean
 * @param error half the width of JMH's 99.9% confidence interval; {@code NaN} when too few
 *     iterations ran to have one
 * @param unit the unit, such as {@code ops/us} or {@code B/op}
 */
public record Metric(double score, double error, String unit) {}
