package io.noisepool.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThroughputChartTest {

    private static final ReportSection SECTION = new ReportSection("HitPathOneAddress.checkoutAndReturn", "Hit path",
            "", "pool", List.of(new Column("OURS", "ours"), new Column("FLOOR", "floor")),
            List.of(MetricView.primary("Throughput", true)), "hit.png");

    @TempDir
    Path dir;

    @Test
    void writesAPngImageOfTheSection() throws IOException, URISyntaxException {
        List<BenchmarkResult> results = ResultFiles.read(Path.of(getClass().getResource("/jmh-hit-path.json").toURI()));
        Path png = dir.resolve("hit.png");

        assertThat(ThroughputChart.write(SECTION, results, png)).isTrue();

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(560);
    }

    @Test
    void writesNothingWithoutResultsForTheSection() {
        Path png = dir.resolve("none.png");

        assertThat(ThroughputChart.write(SECTION, List.of(), png)).isFalse();
        assertThat(png).doesNotExist();
    }
}
