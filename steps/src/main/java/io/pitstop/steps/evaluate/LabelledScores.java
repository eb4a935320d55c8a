package io.pitstop.steps.evaluate;

import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.features.IncompatibleInputException;
import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Scores, 0/1 labels and slice values of the same rows, in key order: what evaluation and the
 * quality gate compute their metrics from, so both measure a model the same way.
 */
public record LabelledScores(double[] scores, int[] labels, String[][] sliceValues) {

    public static LabelledScores collect(Dataset<Row> scored, Dataset<Row> test, ModelDescriptor d, List<String> slices) {
        var columns = new ArrayList<Column>();
        columns.add(functions.col(d.key()));
        columns.add(functions.col(d.label()));
        slices.forEach(s -> columns.add(functions.col(s).cast("string")));
        List<Row> rows = scored.join(test.select(columns.toArray(Column[]::new)), d.key())
                .orderBy(d.key()).collectAsList();
        double[] scores = new double[rows.size()];
        int[] labels = new int[rows.size()];
        String[][] values = new String[slices.size()][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            scores[i] = r.getDouble(1);
            if (r.isNullAt(2)) {
                throw new IllegalStateException("label '" + d.label() + "' is null for key " + r.get(0));
            }
            labels[i] = d.positive().equals(String.valueOf(r.get(2))) ? 1 : 0;
            for (int s = 0; s < slices.size(); s++) {
                values[s][i] = r.isNullAt(3 + s) ? EvaluationReport.NULL_SLICE : r.getString(3 + s);
            }
        }
        return new LabelledScores(scores, labels, values);
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
