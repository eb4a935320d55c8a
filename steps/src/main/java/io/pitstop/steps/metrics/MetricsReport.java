package io.pitstop.steps.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.steps.model.ModelTask;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code metrics.json}, one model measured on one test split: {@link EvaluationReport} for a binary
 * classifier (at its decision threshold), {@link TaskEvaluationReport} for the other tasks. Evaluation
 * writes it; the gate judges the challenger by it and measures the champion with {@link TestSplitMeasurement#measure}, so
 * both are measured by the same code; the package and its model card copy it.
 */
public sealed interface MetricsReport permits EvaluationReport, TaskEvaluationReport {

    String FILE_NAME = "metrics.json";
    /** The {@code metrics} output: evaluation writes it, the gate and the package read it. */
    io.pitstop.engine.artifact.Artifact<MetricsReport> ARTIFACT =
            io.pitstop.engine.artifact.Artifact.of("metrics", MetricsReport::read);

    JsonNode toJson();

    void write(Path file) throws IOException;

    /** The defined overall metrics, by the names gate rules use. */
    Map<String, Double> stepMetrics();

    /** One segment of a slice column: its rows and its defined metrics. */
    record Segment(long rows, Map<String, Double> metrics) {
        public Segment {
            metrics = Map.copyOf(metrics);
        }
    }

    /** Per protected column, its groups; empty when the evaluation declares none. */
    SortedMap<String, ProtectedGroups> fairness();

    /** The segments of a slice column, by value; empty when the report does not slice by it. */
    SortedMap<String, Segment> segments(String column);

    /** A metrics.json as evaluation wrote it; its {@code task} (absent: binary) says which report it is. */
    static MetricsReport read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        JsonNode tree = io.pitstop.engine.json.Json.READ_BACK.readTree(text);
        String task = tree.path("task").asText(ModelTask.BINARY.yamlName());
        try {
            return ModelTask.BINARY.yamlName().equals(task)
                    ? io.pitstop.engine.json.Json.READ_BACK.treeToValue(tree, EvaluationReport.class)
                    : io.pitstop.engine.json.Json.READ_BACK.treeToValue(tree, TaskEvaluationReport.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + " is not a metrics report evaluation wrote: " + e.getOriginalMessage(), e);
        }
    }

    /** The numbers of a metrics map, without undefined ones (NaN is written as null). */
    static Map<String, Double> defined(Map<String, Double> metrics) {
        var out = new TreeMap<String, Double>();
        metrics.forEach((k, v) -> {
            if (v != null && !v.isNaN()) out.put(k, v);
        });
        return out;
    }
}
