package io.pitstop.steps.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code metrics.json}, one model measured on one test split: {@link EvaluationReport} for a binary
 * classifier (at its decision threshold), {@link TaskEvaluationReport} for the other tasks. Evaluation
 * writes it; the gate judges the challenger by it and measures the champion with {@link #measure}, so
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

    /**
     * Measures {@code model} on {@code test}: a binary model at {@code threshold}; per group of each protected
     * column of {@code fairness} (null: none) too.
     *
     * @param d names the label, its classes, the key and so the rows measured: the challenger's, when the
     *          gate measures the champion on the same rows
     * @throws io.pitstop.steps.features.IncompatibleInputException when the split lacks a feature the model needs
     * @throws IllegalStateException for a null label or a class the model does not know, naming the key
     */
    static MetricsReport measure(SparkSession spark, TrainedModel model, Dataset<Row> test, ModelDescriptor d,
                                 io.pitstop.engine.step.DecisionThreshold threshold, List<String> slices,
                                 FairnessSpec fairness, String modelRef, String testSplitRef) {
        // Protected columns travel with the rows like slice columns, after them.
        List<String> protectedColumns = fairness == null ? List.of() : fairness.protectedColumns();
        var carried = new java.util.ArrayList<>(slices);
        carried.addAll(protectedColumns);
        var byGroup = new TreeMap<String, ProtectedGroups>();
        if (d.modelTask() == ModelTask.BINARY) {
            LabelledScores scores = LabelledScores.collect(spark, model, test, d, carried);
            var bySlice = new TreeMap<String, SortedMap<String, SliceMetrics>>();
            for (int s = 0; s < slices.size(); s++) bySlice.put(slices.get(s), scores.sliceMetrics(s, threshold.value()));
            for (int p = 0; p < protectedColumns.size(); p++) {
                byGroup.put(protectedColumns.get(p), scores.protectedGroups(slices.size() + p, fairness, threshold.value()));
            }
            return new EvaluationReport(EvaluationReport.FORMAT_VERSION, threshold.value(), modelRef, testSplitRef,
                    Metrics.of(scores.scores(), scores.labels(), threshold.value()),
                    Metrics.calibration(scores.scores(), scores.labels()), bySlice, byGroup,
                    OperatingPoints.of(scores.scores(), scores.labels(), threshold.value()));
        }
        LabelledOutputs outputs = LabelledOutputs.collect(spark, model, test, d, carried);
        var bySlice = new TreeMap<String, SortedMap<String, SortedMap<String, Double>>>();
        for (int s = 0; s < slices.size(); s++) bySlice.put(slices.get(s), outputs.sliceMetrics(s));
        for (int p = 0; p < protectedColumns.size(); p++) {
            byGroup.put(protectedColumns.get(p), outputs.protectedGroups(slices.size() + p, fairness));
        }
        boolean multiclass = d.modelTask() == ModelTask.MULTICLASS;
        long[][] confusion = multiclass
                ? MulticlassMetrics.confusion(outputs.outputs(), outputs.classIndex(), d.classes().size()) : null;
        return new TaskEvaluationReport(EvaluationReport.FORMAT_VERSION, d.task(), modelRef, testSplitRef,
                d.classes(), outputs.overall(),
                multiclass ? MulticlassMetrics.perClass(confusion, d.classes()) : null,
                multiclass ? MulticlassMetrics.asLists(confusion) : null, bySlice, byGroup);
    }

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
