package io.pitstop.steps.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * {@code metrics.json}: the overall metrics on the test split at the threshold, the calibration
 * table, per slice column and value, the slice metrics, per protected column its groups
 * ({@link ProtectedGroups}; absent when the evaluation declares none), and the ROC/PR points and threshold
 * table ({@link OperatingPoints}; absent in files written before they were recorded). Keys are sorted and undefined numbers
 * (NaN, e.g. the AUC of a slice with one class) are written as {@code null}, so the file is valid
 * JSON and diffs cleanly between runs.
 *
 * <pre>
 * { "format_version": 1, "threshold": 0.5, "overall": { "auc": 0.84, ... },
 *   "calibration": [ { "lower": 0.0, "upper": 0.1, "count": 312, ... } ],
 *   "slices": { "contract": { "Month-to-month": { "auc": 0.75, ... } } },
 *   "fairness": { "female": { "groups": { "0": { "positive_rate": 0.21, "tpr": 0.55, ... } }, "gaps": { ... } } },
 *   "operating_points": { "best_f1": { "threshold": 0.31, ... }, "curve": [ ... ], "table": [ ... ] } }
 * </pre>
 */
public record EvaluationReport(
        int formatVersion,
        double threshold,
        String model,
        String testSplit,
        ClassifierMetrics overall,
        List<CalibrationBin> calibration,
        SortedMap<String, SortedMap<String, SliceMetrics>> slices,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        SortedMap<String, ProtectedGroups> fairness,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        OperatingPoints operatingPoints) implements MetricsReport {

    public EvaluationReport {
        fairness = fairness == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(fairness);
    }

    /** Without protected columns. */
    public EvaluationReport(int formatVersion, double threshold, String model, String testSplit, ClassifierMetrics overall,
                            List<CalibrationBin> calibration, SortedMap<String, SortedMap<String, SliceMetrics>> slices) {
        this(formatVersion, threshold, model, testSplit, overall, calibration, slices, null, null);
    }

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = MetricsReport.FILE_NAME;
    /** The slice value standing for null in a slice column. */
    public static final String NULL_SLICE = "<null>";

    /** The threshold this report's threshold metrics (F1, precision, ...) were measured at. */
    public io.pitstop.engine.step.DecisionThreshold decisionThreshold() {
        return new io.pitstop.engine.step.DecisionThreshold(threshold);
    }

    @Override
    public SortedMap<String, Segment> segments(String column) {
        var out = new java.util.TreeMap<String, Segment>();
        slices.getOrDefault(column, new java.util.TreeMap<>()).forEach((value, m) -> out.put(value,
                new Segment(m.count(), MetricsReport.defined(m.asMap()))));
        return out;
    }

    public JsonNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, Json.PRETTY.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
    }

    /** The metrics a StepResult records: the defined overall values. */
    public Map<String, Double> stepMetrics() {
        return overall.asMap();
    }
}
