package io.noisepool.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

    private static final Machine MACHINE =
            new Machine(2, "Test CPU", "Linux 6 amd64", "OpenJDK 17", "quick (1 fork)", "Quick run on a busy machine", "2026-01-01T00:00:00Z");
    private static final List<Column> COLUMNS = List.of(
            new Column("OURS", "ours"), new Column("COMMONS_POOL2", "Commons Pool2"),
            new Column("HIKARI_BAG", "HikariCP bag"), new Column("FLOOR", "floor"));
    private static final ReportSection HIT_PATH = new ReportSection("HitPathOneAddress.checkoutAndReturn",
            "Hit path", "Checkout and return.", "pool", COLUMNS,
            List.of(MetricView.primary("Throughput", true),
                    MetricView.secondary("Allocated", "gc.alloc.rate.norm")), "hit.png");

    private List<BenchmarkResult> results;

    @BeforeEach
    void readResults() throws URISyntaxException {
        results = ResultFiles.read(Path.of(getClass().getResource("/jmh-hit-path.json").toURI()));
    }

    @Test
    void tableShowsScoresWithErrorBarsAndOursOverEachPeer() {
        String md = new MarkdownReport(MACHINE, results).render(List.of(HIT_PATH), List.of(), "");

        assertThat(md).contains("| Run | ours | Commons Pool2 | HikariCP bag | floor | ours / Commons Pool2 | ours / HikariCP bag | ours / floor |");
        assertThat(md).contains("| all | 20.0 ± 0.5 | 1.00 | — | 40.0 ± 1.0 | 20.0× | — | 0.500× |");
        assertThat(md).contains("(ops/us, higher is better)");
        assertThat(md).contains("![Hit path](hit.png)");
    }

    @Test
    void headerNamesTheMachineAndTheNote() {
        String md = new MarkdownReport(MACHINE, results).render(List.of(HIT_PATH), List.of(), "");

        assertThat(md).contains("> **Quick run on a busy machine**");
        assertThat(md).contains("2 cores (Test CPU), Linux 6 amd64");
        assertThat(md).contains("JDK: OpenJDK 17");
    }

    @Test
    void lossesListEveryPeerThatBeatsOurs() {
        String md = new MarkdownReport(MACHINE, results).render(List.of(HIT_PATH), List.of(), "");

        assertThat(md).contains("- Hit path (all): Throughput 20.0 ± 0.5 vs floor 40.0 ± 1.0 (ratio 0.500×)");
        assertThat(md).doesNotContain("vs Commons Pool2");
    }

    @Test
    void targetsAreJudgedAndMissingOnesSaySo() {
        List<TargetCheck> targets = List.of(
                new TargetCheck("At most 48 B", r -> Optional.of(40.0), v -> v <= 48, "%.1f B/op"),
                new TargetCheck("At least the floor", r -> Optional.of(0.5), v -> v >= 1, "%.2f×"),
                new TargetCheck("Noise 20×", r -> Optional.empty(), v -> true, "%.1f×"));

        String md = new MarkdownReport(MACHINE, results).render(List.of(), targets, "");

        assertThat(md).contains("| At most 48 B | 40.0 B/op | yes |");
        assertThat(md).contains("| At least the floor | 0.50× | **no** |");
        assertThat(md).contains("| Noise 20× | not measured | — |");
    }

    @Test
    void sectionWithoutResultsSaysNotMeasured() {
        ReportSection absent = new ReportSection("NoiseEcho.echo", "Noise", "Echo.", "transport",
                List.of(new Column("POOLED", "pooled")), List.of(MetricView.primary("Round trips", true)), null);

        String md = new MarkdownReport(MACHINE, results).render(List.of(absent), List.of(), "");

        assertThat(md).contains("## Noise").contains("*Round trips: not measured in this run.*");
    }

    @Test
    void rowsNameTheThreadCountWhereItVaries() {
        BenchmarkResult eight = new BenchmarkResult("io.noisepool.bench.HitPathOneAddress.checkoutAndReturn", "thrpt", 8,
                java.util.Map.of("pool", "OURS"), new Metric(30, 1, "ops/us"), java.util.Map.of());
        List<BenchmarkResult> both = new java.util.ArrayList<>(results);
        both.add(eight);

        String md = new MarkdownReport(MACHINE, both).render(List.of(HIT_PATH), List.of(), "");

        assertThat(md).contains("| 1 thread | 20.0 ± 0.5 |").contains("| 8 threads | 30.0 ± 1.0 | — |");
    }

    @Test
    void lossesWhoseErrorBarsOverlapSaySo() {
        BenchmarkResult close = new BenchmarkResult("io.noisepool.bench.HitPathOneAddress.checkoutAndReturn", "thrpt", 1,
                java.util.Map.of("pool", "HIKARI_BAG"), new Metric(20.8, 0.5, "ops/us"), java.util.Map.of());
        List<BenchmarkResult> withClose = new java.util.ArrayList<>(results);
        withClose.add(close);

        String md = new MarkdownReport(MACHINE, withClose).render(List.of(HIT_PATH), List.of(), "");

        assertThat(md).contains("vs HikariCP bag 20.8 ± 0.5 (ratio 0.962×), within the error bars");
        assertThat(md).contains("vs floor 40.0 ± 1.0 (ratio 0.500×)\n");
    }

    @Test
    void tinyRatiosAreWrittenInScientificNotation() {
        assertThat(MarkdownReport.ratio(new Metric(6, 1, "ns/op"), new Metric(1_200_000, 1, "ns/op")))
                .isEqualTo("5.00e-06×");
    }

    @Test
    void quotientViewDividesTwoCounters() {
        BenchmarkResult result = new BenchmarkResult("x.ContendedDial.serve", "avgt", 1, java.util.Map.of("pool", "OURS"),
                new Metric(1, 0, "ms/op"),
                java.util.Map.of("dials", new Metric(300, Double.NaN, "#"), "rounds", new Metric(100, Double.NaN, "#")));

        Optional<Metric> perRound = MetricView.quotient("Dials per round", "dials", "rounds").extract().apply(result);

        assertThat(perRound).map(Metric::score).contains(3.0);
    }
}
