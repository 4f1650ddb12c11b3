package io.noisepool.bench.report;

import java.util.List;

/**
 * One benchmark's part of the report: a heading, a paragraph, and one table per view, with a row
 * per thread count and parameter combination and a column per value of the column parameter.
 *
 * @param benchmark the benchmark's short name, {@code Class.method}
 * @param title the heading
 * @param text what is measured and how, in Markdown
 * @param columnParam the parameter whose values are the columns
 * @param columns the columns, the first being ours (ratios are first / other)
 * @param views the tables
 * @param chart a PNG file name in the docs directory shown under the heading, or {@code null}
 */
public record ReportSection(
        String benchmark,
        String title,
        String text,
        String columnParam,
        List<Column> columns,
        List<MetricView> views,
        String chart) {}
