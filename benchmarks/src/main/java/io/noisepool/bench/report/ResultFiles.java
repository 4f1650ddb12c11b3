package io.noisepool.bench.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads and writes result files in JMH's JSON format ({@code -rf json}), so results of JMH runs and
 * of the memory measurement, which is not a JMH benchmark, are read the same way.
 */
public final class ResultFiles {

    private ResultFiles() {}

    /**
     * Reads every {@code *.json} result file in a directory, in file name order.
     *
     * @param dir the directory
     * @return all results, in file order
     * @throws UncheckedIOException if the directory or a file cannot be read
     */
    public static List<BenchmarkResult> readAll(Path dir) {
        List<BenchmarkResult> results = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().equals(Machine.FILE_NAME))
                    .sorted()
                    .forEach(f -> results.addAll(read(f)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return results;
    }

    /**
     * Reads one JMH JSON result file.
     *
     * @param file the file
     * @return its results, in file order; empty for an empty file (JMH writes one when a run fails)
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<BenchmarkResult> read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<BenchmarkResult> results = new ArrayList<>();
        if (json.isBlank()) {
            return results;
        }
        for (JsonElement element : JsonParser.parseString(json).getAsJsonArray()) {
            results.add(toResult(element.getAsJsonObject()));
        }
        return results;
    }

    /**
     * Writes results as a JMH JSON result file.
     *
     * @param file the file, replaced if it exists
     * @param results the results
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(Path file, List<BenchmarkResult> results) {
        JsonArray array = new JsonArray();
        for (BenchmarkResult result : results) {
            array.add(toJson(result));
        }
        try {
            Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(array),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static BenchmarkResult toResult(JsonObject o) {
        Map<String, String> params = new LinkedHashMap<>();
        if (o.has("params")) {
            o.getAsJsonObject("params").entrySet()
                    .forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
        }
        Map<String, Metric> secondary = new LinkedHashMap<>();
        if (o.has("secondaryMetrics")) {
            o.getAsJsonObject("secondaryMetrics").entrySet()
                    .forEach(e -> secondary.put(e.getKey(), toMetric(e.getValue().getAsJsonObject())));
        }
        return new BenchmarkResult(
                o.get("benchmark").getAsString(),
                o.get("mode").getAsString(),
                o.get("threads").getAsInt(),
                params,
                toMetric(o.getAsJsonObject("primaryMetric")),
                secondary);
    }

    private static Metric toMetric(JsonObject o) {
        // JMH writes the string "NaN" when there is no error bar; Gson parses it as a number too.
        return new Metric(
                o.get("score").getAsDouble(), o.get("scoreError").getAsDouble(), o.get("scoreUnit").getAsString());
    }

    private static JsonObject toJson(BenchmarkResult result) {
        JsonObject o = new JsonObject();
        o.addProperty("benchmark", result.benchmark());
        o.addProperty("mode", result.mode());
        o.addProperty("threads", result.threads());
        JsonObject params = new JsonObject();
        result.params().forEach(params::addProperty);
        o.add("params", params);
        o.add("primaryMetric", toJson(result.primary()));
        JsonObject secondary = new JsonObject();
        result.secondary().forEach((name, metric) -> secondary.add(name, toJson(metric)));
        o.add("secondaryMetrics", secondary);
        return o;
    }

    private static JsonObject toJson(Metric metric) {
        JsonObject o = new JsonObject();
        o.addProperty("score", metric.score());
        // As JMH does: JSON has no NaN, so it goes as a string.
        if (Double.isNaN(metric.error())) {
            o.addProperty("scoreError", "NaN");
        } else {
            o.addProperty("scoreError", metric.error());
        }
        o.addProperty("scoreUnit", metric.unit());
        return o;
    }
}
