package io.noisepool.bench;

import io.noisepool.bench.report.BenchmarkResult;
import io.noisepool.bench.report.Machine;
import io.noisepool.bench.report.MarkdownReport;
import io.noisepool.bench.report.ReportSection;
import io.noisepool.bench.report.ResultFiles;
import io.noisepool.bench.report.ThroughputChart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The jar's entry point. {@code smoke}, {@code quick} or {@code full} runs every benchmark at the
 * thread counts of the issue, measures memory, then writes {@code docs/benchmarks.md} and the
 * charts from the JSON results; {@code render} only rewrites the docs from earlier results. Any
 * other arguments go to JMH's own command line, so the jar works as a plain JMH jar too.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar quick [--results DIR] [--docs DIR] [--note TEXT] [--only NAME,...]
 * java -jar benchmarks/target/benchmarks.jar render [--results DIR] [--docs DIR]
 * java -jar benchmarks/target/benchmarks.jar HitPathOneAddress -t 8 -prof gc     (plain JMH)
 * </pre>
 *
 * Run from the repository root: by default results go to {@code benchmarks/target/results} and
 * the report to {@code docs/}.
 */
public final class BenchmarkSuite {

    private static final String MEMORY_RUN = "memory";

    /** One JMH invocation per thread count. */
    private record Run(String name, Class<?> benchmark, int[] threads, boolean gcProfiler, boolean singleShot) {}

    private static final List<Run> RUNS = List.of(
            new Run("hit-path", HitPathOneAddress.class, new int[] {1, 2, 8}, true, false),
            new Run("hit-path-many", HitPathManyAddresses.class, new int[] {1, 2}, true, false),
            new Run("contended-dial", ContendedDial.class, new int[] {1}, false, false),
            new Run("stats", Stats.class, new int[] {1}, false, false),
            new Run("evict", EvictIdle.class, new int[] {1}, false, true),
            new Run("noise-echo", NoiseEcho.class, new int[] {1, 4}, false, false));

    private BenchmarkSuite() {}

    /**
     * @param args a suite name or {@code render} with options, or JMH arguments
     * @throws Exception if JMH fails in plain JMH mode
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !isSuiteCommand(args[0])) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        // The charts are drawn with AWT, and a benchmark machine has no display.
        System.setProperty("java.awt.headless", "true");
        Path results = Path.of(option(args, "--results", "benchmarks/target/results"));
        Path docs = Path.of(option(args, "--docs", "docs"));
        if (args[0].equals("render")) {
            render(results, docs);
            return;
        }
        SuiteSettings settings = SuiteSettings.valueOf(args[0].toUpperCase(Locale.ROOT));
        String only = option(args, "--only", "");
        Set<String> selected = only.isEmpty() ? Set.of() : Set.of(only.split(","));
        List<String> failures = runSuite(settings, selected, results, option(args, "--note", ""));
        render(results, docs);
        if (!failures.isEmpty()) {
            System.err.println("These runs failed; the report shows what the others measured: " + failures);
            System.exit(1);
        }
    }

    private static boolean isSuiteCommand(String arg) {
        return arg.equals("render")
                || Arrays.stream(SuiteSettings.values()).anyMatch(s -> s.command().equals(arg));
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static List<String> runSuite(SuiteSettings settings, Set<String> selected, Path results, String note)
            throws IOException, InterruptedException {
        Files.createDirectories(results);
        try (Stream<Path> old = Files.list(results)) {
            for (Path file : old.filter(f -> f.toString().endsWith(".json")).toList()) {
                Files.delete(file);
            }
        }
        Machine.current(settings.describe(), note).writeTo(results);
        List<String> failures = new ArrayList<>();
        int index = 0;
        for (Run run : RUNS) {
            index++;
            if (!selected.isEmpty() && !selected.contains(run.name())) {
                continue;
            }
            for (int threads : run.threads()) {
                Path file = results.resolve(String.format(Locale.ROOT, "%02d-%s-t%d.json", index, run.name(), threads));
                try {
                    new Runner(options(settings, run, threads, file).build()).run();
                } catch (RunnerException e) {
                    e.printStackTrace();
                    failures.add(run.name() + " at " + threads + " threads");
                }
            }
        }
        if (selected.isEmpty() || selected.contains(MEMORY_RUN)) {
            index++;
            for (Contender contender : Contender.everywhere()) {
                Path file = results.resolve(String.format(Locale.ROOT, "%02d-%s-%s.json", index, MEMORY_RUN, contender));
                if (!measureMemory(contender, file)) {
                    failures.add(MEMORY_RUN + " of " + contender.label());
                }
            }
        }
        return failures;
    }

    private static ChainedOptionsBuilder options(SuiteSettings settings, Run run, int threads, Path file) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(run.benchmark().getName()) + "\\.")
                .threads(threads)
                .forks(settings.forks)
                // A fixed heap, so a run on a bigger machine sizes its heap, and its GC, the same;
                // touched up front, as in a long-running server, because first-touch page faults
                // on a fresh 2 GB young generation (costly in a VM) otherwise dominate every
                // allocating contender: measured 3.8 vs 8.9 ops/us for ours at 1 thread.
                .jvmArgsAppend("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch")
                .resultFormat(ResultFormatType.JSON)
                .result(file.toString());
        if (run.singleShot()) {
            options.warmupIterations(settings.singleShotWarmups).measurementIterations(settings.singleShotIterations);
        } else {
            TimeValue time = TimeValue.seconds(settings.iterationSeconds);
            options.warmupIterations(settings.warmupIterations).warmupTime(time)
                    .measurementIterations(settings.iterations).measurementTime(time);
        }
        if (run.gcProfiler()) {
            options.addProfiler(GCProfiler.class);
        }
        return options;
    }

    /**
     * Runs {@link MemoryFootprint} for one contender in its own JVM with a stop-the-world collector;
     * one JVM each keeps the live set, and so the cost of each full collection, small. Without
     * thread-local allocation buffers: with them, "used after GC" counts the whole buffer a pool's
     * background thread takes when it allocates a few bytes between the collection and the reading
     * (ours measured 134 ± 1206 B per connection so, 95.6 ± 0.0 without).
     */
    private static boolean measureMemory(Contender contender, Path file) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-XX:-UseTLAB", "-Xms2g", "-Xmx2g",
                "-cp", System.getProperty("java.class.path"), MemoryFootprint.class.getName(), file.toString(),
                contender.name())
                .inheritIO()
                .start();
        return process.waitFor() == 0;
    }

    private static void render(Path results, Path docs) throws IOException {
        List<BenchmarkResult> all = ResultFiles.readAll(results);
        Files.createDirectories(docs);
        List<ReportSection> sections = ReportContent.sections();
        for (ReportSection section : sections) {
            if (section.chart() != null) {
                ThroughputChart.write(section, all, docs.resolve(section.chart()));
            }
        }
        String markdown = new MarkdownReport(Machine.readFrom(results), all)
                .render(sections, ReportContent.targets(), analysis());
        Files.writeString(docs.resolve("benchmarks.md"), markdown, StandardCharsets.UTF_8);
        System.out.println("Wrote " + docs.resolve("benchmarks.md") + " from " + all.size() + " results in " + results);
    }

    /** Hand-written findings kept with the code, so a new run does not lose them. */
    private static String analysis() throws IOException {
        try (InputStream in = BenchmarkSuite.class.getResourceAsStream("analysis.md")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
