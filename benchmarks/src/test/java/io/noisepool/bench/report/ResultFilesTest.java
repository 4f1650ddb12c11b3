package io.noisepool.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsJmhJsonWithParamsSecondaryMetricsAndMissingErrors() throws URISyntaxException {
        List<BenchmarkResult> results = ResultFiles.read(Path.of(getClass().getResource("/jmh-hit-path.json").toURI()));

        assertThat(results).hasSize(3);
        BenchmarkResult ours = results.get(0);
        assertThat(ours.shortName()).isEqualTo("HitPathOneAddress.checkoutAndReturn");
        assertThat(ours.contender()).isEqualTo("OURS");
        assertThat(ours.threads()).isEqualTo(1);
        assertThat(ours.primary()).isEqualTo(new Metric(20.0, 0.5, "ops/us"));
        assertThat(ours.secondary().get("gc.alloc.rate.norm").score()).isEqualTo(40.0);
        assertThat(ours.secondary().get("gc.alloc.rate.norm").error()).isNaN();
        assertThat(results.get(1).primary().error()).isNaN();
    }

    @Test
    void writtenResultsReadBackEqual() {
        BenchmarkResult result = new BenchmarkResult("io.noisepool.bench.MemoryFootprint.bytes", "heap", 1,
                Map.of("pool", "FLOOR"), new Metric(48.5, Double.NaN, "B/conn"),
                Map.of("extra", new Metric(1, 0.25, "#")));
        Path file = dir.resolve("memory.json");

        ResultFiles.write(file, List.of(result));

        assertThat(ResultFiles.read(file)).containsExactly(result);
    }

    @Test
    void readAllSkipsTheMachineFileAndEmptyResultFiles() throws IOException {
        BenchmarkResult result = new BenchmarkResult("a.B.c", "avgt", 2, Map.of(), new Metric(1, 0, "ns/op"), Map.of());
        ResultFiles.write(dir.resolve("01-a.json"), List.of(result));
        Files.writeString(dir.resolve("02-failed.json"), "");
        Machine.current("quick", "").writeTo(dir);

        assertThat(ResultFiles.readAll(dir)).containsExactly(result);
    }
}
