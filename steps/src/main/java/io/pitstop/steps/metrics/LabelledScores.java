package io.pitstop.steps.metrics;

import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Scores, 0/1 labels and slice values of the same rows, every row of the test split once: what
 * evaluation and the quality gate compute their metrics from, so both measure a model the same way.
 */
public record LabelledScores(double[] scores, int[] labels, String[][] sliceValues) {

    /**
     * Scores {@code test} with {@code model} and pairs each row's score with that row's own label and
     * slice values ({@link ScoredInPlace}: no join by key, so every row counts once whatever its key).
     *
     * @param d names the label, its positive class, the key and so the rows measured: the challenger's,
     *          when the gate scores the champion on the same rows
     * @throws IllegalStateException for a null label, naming the key
     */
    public static LabelledScores collect(SparkSession spark, TrainedModel model, Dataset<Row> test, ModelDescriptor d,
                                         List<String> slices) {
        List<Row> rows = ScoredInPlace.collect(spark, model, test, d, slices, TrainedModel.SCORE_COLUMN);
        int scoreAt = ScoredInPlace.FIRST_SLICE + slices.size();
        double[] scores = new double[rows.size()];
        int[] labels = new int[rows.size()];
        String[][] values = new String[slices.size()][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            scores[i] = r.getDouble(scoreAt);
            if (r.isNullAt(ScoredInPlace.LABEL)) {
                throw new IllegalStateException("label '" + d.label() + "' is null for key " + r.get(ScoredInPlace.KEY));
            }
            labels[i] = d.positive().equals(String.valueOf(r.get(ScoredInPlace.LABEL))) ? 1 : 0;
            for (int s = 0; s < slices.size(); s++) {
                int at = ScoredInPlace.FIRST_SLICE + s;
                values[s][i] = r.isNullAt(at) ? EvaluationReport.NULL_SLICE : r.getString(at);
            }
        }
        return new LabelledScores(scores, labels, values);
    }

    /** The per-group metrics of protected column {@code column} (its index among the collected columns). */
    public ProtectedGroups protectedGroups(int column, FairnessSpec spec, double threshold) {
        return ProtectedGroups.judge(sliceValues[column], spec, rows -> {
            double[] s = new double[rows.length];
            int[] l = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                s[i] = scores[rows[i]];
                l[i] = labels[rows[i]];
            }
            return ProtectedGroups.binaryMetrics(s, l, threshold);
        }, true);
    }

    public SortedMap<String, SliceMetrics> sliceMetrics(int slice, double threshold) {
        var out = new TreeMap<String, SliceMetrics>();
        segmentMetrics(slice, threshold).forEach((value, m) -> out.put(value, SliceMetrics.of(m)));
        return out;
    }

    /** Every metric on the rows of each value of slice column {@code slice}. */
    public SortedMap<String, ClassifierMetrics> segmentMetrics(int slice, double threshold) {
        var members = new TreeMap<String, List<Integer>>();
        for (int i = 0; i < scores.length; i++) {
            members.computeIfAbsent(sliceValues[slice][i], v -> new ArrayList<>()).add(i);
        }
        var out = new TreeMap<String, ClassifierMetrics>();
        members.forEach((value, rows) -> {
            double[] s = new double[rows.size()];
            int[] l = new int[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                s[i] = scores[rows.get(i)];
                l[i] = labels[rows.get(i)];
            }
            out.put(value, Metrics.of(s, l, threshold));
        });
        return out;
    }
}
