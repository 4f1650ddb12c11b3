package io.noisepool.bench.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * What the results were measured on, recorded when a suite starts so the report can be rendered
 * later, or elsewhere, and still name the right machine.
 *
 * @param cores processors available to the JVM
 * @param cpu the processor model, or {@code "unknown"}
 * @param os operating system name, version and architecture
 * @param jdk the Java runtime and VM
 * @param suite which suite ran ({@code quick} or {@code full})
 * @param note free text shown at the top of the report (e.g. "busy machine"), may be empty
 * @param startedAt when the suite started
 */
public record Machine(int cores, String cpu, String os, String jdk, String suite, String note, String startedAt) {

    /** Name of the file in the results directory. */
    public static final String FILE_NAME = "machine.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /**
     * Describes the machine this JVM runs on.
     *
     * @param suite which suite runs
     * @param note free text for the report
     * @return the description
     */
    public static Machine current(String suite, String note) {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                suite,
                note,
                Instant.now().toString());
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "unknown";
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        }
    }

    /**
     * Writes this description into a results directory.
     *
     * @param resultsDir the directory
     * @throws UncheckedIOException if it cannot be written
     */
    public void writeTo(Path resultsDir) {
        try {
            Files.writeString(resultsDir.resolve(FILE_NAME), GSON.toJson(this), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE_NAME + " in " + resultsDir, e);
        }
    }

    /**
     * Reads the description a suite left in a results directory.
     *
     * @param resultsDir the directory
     * @return the description
     * @throws UncheckedIOException if it cannot be read
     */
    public static Machine readFrom(Path resultsDir) {
        try {
            return GSON.fromJson(
                    Files.readString(resultsDir.resolve(FILE_NAME), StandardCharsets.UTF_8), Machine.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE_NAME + " in " + resultsDir, e);
        }
    }
}
