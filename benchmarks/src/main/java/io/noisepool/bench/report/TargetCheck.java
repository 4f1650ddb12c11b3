package io.noisepool.bench.report;

import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.Function;

/**
 * One target of the issue checked against the results.
 *
 * @param target the target in words
 * @param measure the measured number, empty if the results lack it
 * @param met whether the number meets the target
 * @param format how to print the number, a {@link String#format} pattern
 */
public record TargetCheck(
        String target,
        Function<List<BenchmarkResult>, Optional<Double>> measure,
        DoublePredicate met,
        String format) {}
