package io.pitstop.steps.metrics;

import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Measuring a model on a test split into a {@link MetricsReport}: evaluation measures the challenger with it
 * and the gate the champion, so both are measured by the same code. Kept apart from {@link MetricsReport}
 * because Jackson reflects over every method of the type it reads: a Spark type in the report's own
 * signatures would load Spark in whatever merely reads a metrics.json ({@code ./pitstop report}).
 */
public final class TestSplitMeasurement {

    private TestSplitMeasurement() {
    }

    /**
     * Measures {@code model} on {@code test}: a binary model at {@code threshold}; per group of each protected
     * column of {@code fairness} (null: none) too.
     *
     * @param d names the label, its classes, the key and so the rows measured: the challenger's, when the
     *          gate measures the champion on the same rows
     * @throws io.pitstop.steps.features.IncompatibleInputException when the split lacks a feature the model needs
     * @throws IllegalStateException for a null label or a class the model does not know, naming the key
     */
    public static MetricsReport measure(SparkSession spark, TrainedModel model, Dataset<Row> test, ModelDescriptor d,
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

}
