package io.noisepool.bench.report;

/**
 * One column of a comparison: the results whose column parameter has this value.
 *
 * @param value the parameter value, e.g. {@code OURS}
 * @param label the heading shown, e.g. {@code ours}
 */
public record Column(String value, String label) {}
