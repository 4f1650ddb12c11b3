package io.noisepool.bench.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * Draws a section's primary score as grouped bars, one group per thread count and one bar per
 * column, with JMH's error bars and the value above each bar, and saves it as a PNG.
 */
public final class ThroughputChart {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;
    // One colour per column in order, ours first in a strong blue; readable in greyscale too.
    private static final Color[] COLOURS = {
        new Color(0x1f5fbf), new Color(0xd9822b), new Color(0x3d9a50), new Color(0x8c8c8c), new Color(0x9d4edd)
    };

    private ThroughputChart() {}

    /**
     * @param section the section whose primary score is drawn
     * @param results every result of the run
     * @param file where to write the PNG
     * @return whether a chart was written (false when the run has no result for the section)
     * @throws UncheckedIOException if the file cannot be written
     */
    public static boolean write(ReportSection section, List<BenchmarkResult> results, Path file) {
        List<BenchmarkResult> mine = results.stream()
                .filter(r -> r.shortName().equals(section.benchmark()))
                .toList();
        if (mine.isEmpty()) {
            return false;
        }
        TreeSet<Integer> threadCounts = new TreeSet<>();
        mine.forEach(r -> threadCounts.add(r.threads()));
        List<String> groups = threadCounts.stream().map(t -> t + (t == 1 ? " thread" : " threads")).toList();
        String unit = mine.get(0).primary().unit();

        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(section.title())
                .xAxisTitle("benchmark threads")
                .yAxisTitle(unit.replace("/us", "/µs") + " (higher is better)")
                .build();
        CategoryStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        // Linear, not logarithmic: error bars reaching below zero, common on a busy machine, cannot be drawn on a log axis.
        styler.setYAxisMin(0.0);
        styler.setLabelsVisible(true);
        styler.setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setLabelsFontColorAutomaticEnabled(false);
        styler.setLabelsFontColor(Color.DARK_GRAY);
        styler.setLabelsPosition(0.9);
        styler.setDecimalPattern("#,##0.##");
        styler.setErrorBarsColor(Color.BLACK);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);

        List<Color> colours = new ArrayList<>();
        for (Column column : section.columns()) {
            List<Double> scores = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            for (int threads : threadCounts) {
                Optional<Metric> metric = mine.stream()
                        .filter(r -> r.threads() == threads && column.value().equals(r.params().get(section.columnParam())))
                        .map(BenchmarkResult::primary)
                        .findFirst();
                scores.add(metric.map(Metric::score).orElse(0.0));
                errors.add(metric.map(m -> Double.isNaN(m.error()) ? 0.0 : m.error()).orElse(0.0));
            }
            chart.addSeries(column.label(), groups, scores, errors);
            colours.add(COLOURS[colours.size() % COLOURS.length]);
        }
        styler.setSeriesColors(colours.toArray(Color[]::new));
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return true;
    }
}
