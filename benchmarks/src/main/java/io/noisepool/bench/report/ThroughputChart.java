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
 * column, with the value on each bar, on a logarithmic axis so that pools 100 times apart are
 * both visible, and saves it as a PNG. Error bars are left to the report's tables: on a busy
 * machine they often reach below zero, which a logarithmic axis cannot show.
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
                .yAxisTitle(unit.replace("/us", "/µs") + ", log scale (higher is better)")
                .build();
        CategoryStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setYAxisLogarithmic(true);
        styler.setLabelsVisible(true);
        styler.setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setLabelsFontColorAutomaticEnabled(false);
        styler.setLabelsFontColor(Color.DARK_GRAY);
        styler.setLabelsPosition(0.9);
        styler.setDecimalPattern("#,##0.##");
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);

        List<Color> colours = new ArrayList<>();
        for (Column column : section.columns()) {
            List<Double> scores = new ArrayList<>();
            for (int threads : threadCounts) {
                Optional<Metric> metric = mine.stream()
                        .filter(r -> r.threads() == threads && column.value().equals(r.params().get(section.columnParam())))
                        .map(BenchmarkResult::primary)
                        .findFirst();
                // A log axis has no zero: a missing result draws as no bar, not as a zero-height one.
                scores.add(metric.map(Metric::score).orElse(Double.NaN));
            }
            chart.addSeries(column.label(), groups, scores);
            colours.add(COLOURS[colours.size() % COLOURS.length]);
        }
        styler.setSeriesColors(colours.toArray(Color[]::new));
        // Bars grow from the axis minimum, which a log axis needs above zero; whole decades at both
        // ends give the axis a labelled tick below the lowest bar and above the highest.
        mine.stream().mapToDouble(r -> r.primary().score()).filter(v -> v > 0).min()
                .ifPresent(lowest -> styler.setYAxisMin(Math.pow(10, Math.floor(Math.log10(lowest)))));
        mine.stream().mapToDouble(r -> r.primary().score()).max()
                .ifPresent(highest -> styler.setYAxisMax(Math.pow(10, Math.ceil(Math.log10(highest)))));
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return true;
    }
}
