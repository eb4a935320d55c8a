package io.pitstop.steps.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.json.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * {@code metrics.json} of a multiclass or regression model ({@link EvaluationReport} is the binary
 * one): {@code task}, the overall metrics, and per slice column and value the slice metrics;
 * multiclass adds the classes, per-class precision/recall/F1/support and the confusion matrix
 * ({@code [actual][predicted]}, class order). Same conventions as the binary file: sorted keys,
 * NaN written as null, {@code overall} holds numbers only, per protected column the task's metrics per group
 * (no gaps: positive rate, TPR and FPR are a binary classifier's), so the gate, the package step and the
 * model card read every task's file alike.
 *
 * <pre>
 * { "format_version": 1, "task": "multiclass", "classes": ["Month-to-month", "One year", "Two year"],
 *   "overall": { "accuracy": 0.78, "macro_f1": 0.71, "log_loss": 0.52, ... },
 *   "per_class": { "One year": { "precision": 0.55, "recall": 0.41, "f1": 0.47, "support": 80 } },
 *   "confusion_matrix": [[210, 12, 3], [30, 33, 17], [4, 15, 76]],
 *   "slices": { "internet_service": { "DSL": { "accuracy": 0.8, ... } } } }
 * </pre>
 */
public record TaskEvaluationReport(
        int formatVersion,
        String task,
        String model,
        String testSplit,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> classes,
        SortedMap<String, Double> overall,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, SortedMap<String, Double>> perClass,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<List<Long>> confusionMatrix,
        SortedMap<String, SortedMap<String, SortedMap<String, Double>>> slices,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, ProtectedGroups> fairness) implements MetricsReport {

    public TaskEvaluationReport {
        fairness = fairness == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(fairness);
    }

    @Override
    public SortedMap<String, Segment> segments(String column) {
        var out = new java.util.TreeMap<String, Segment>();
        slices.getOrDefault(column, new java.util.TreeMap<>()).forEach((value, m) -> out.put(value,
                new Segment(m.getOrDefault("count", 0.0).longValue(), MetricsReport.defined(m))));
        return out;
    }

    public JsonNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    public void write(Path file) throws IOException {
        java.nio.file.Files.writeString(file, Json.PRETTY.writeValueAsString(this) + "\n",
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The metrics a StepResult records: the defined overall values. */
    public Map<String, Double> stepMetrics() {
        var out = new java.util.TreeMap<>(overall);
        out.values().removeIf(v -> v == null || v.isNaN());
        return out;
    }
}
