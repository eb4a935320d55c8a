package io.pitstop.steps.metrics;

import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A multiclass or regression model's outputs beside the true labels and slice values of the same
 * rows, every row of the test split once — what evaluation and the gate measure those tasks from ({@link LabelledScores}
 * is the binary counterpart). {@code outputs}: class probabilities, {@code rows × classes}
 * (multiclass), or one prediction per row (regression); {@code classIndex} / {@code values}: the
 * true class index or value per row.
 */
public record LabelledOutputs(ModelDescriptor descriptor, double[] outputs, int[] classIndex, double[] values,
                              String[][] sliceValues) {

    /**
     * Scores {@code test} with {@code model} and pairs each row's outputs with that row's own label and
     * slice values ({@link ScoredInPlace}: no join by key, so every row counts once whatever its key).
     *
     * @param d names the label, the classes, the key and so the rows measured: the challenger's, when the
     *          gate scores the champion on the same rows
     * @throws IllegalStateException for a null label, a class the model does not know, or a
     *                               non-numeric regression label, naming the key
     */
    public static LabelledOutputs collect(SparkSession spark, TrainedModel model, Dataset<Row> test, ModelDescriptor d,
                                          List<String> slices) {
        ModelTask task = d.modelTask();
        if (task == ModelTask.BINARY) throw new IllegalArgumentException("binary models are measured by LabelledScores");
        List<Row> rows = ScoredInPlace.collect(spark, model, test, d, slices,
                task == ModelTask.MULTICLASS ? TrainedModel.PROBABILITIES_COLUMN : TrainedModel.SCORE_COLUMN);
        int outputAt = ScoredInPlace.FIRST_SLICE + slices.size();
        int n = rows.size();
        int k = task == ModelTask.MULTICLASS ? d.classes().size() : 1;
        double[] outputs = new double[n * k];
        int[] classIndex = new int[task == ModelTask.MULTICLASS ? n : 0];
        double[] values = new double[task == ModelTask.REGRESSION ? n : 0];
        String[][] sliceValues = new String[slices.size()][n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            Object key = r.get(ScoredInPlace.KEY);
            Object label = r.get(ScoredInPlace.LABEL);
            if (label == null) throw new IllegalStateException("label '" + d.label() + "' is null for key " + key);
            if (task == ModelTask.MULTICLASS) {
                List<Double> p = r.getList(outputAt);
                for (int j = 0; j < k; j++) outputs[i * k + j] = p.get(j);
                classIndex[i] = d.classes().indexOf(String.valueOf(label));
                if (classIndex[i] < 0) {
                    throw new IllegalStateException("label '" + d.label() + "' is '" + label + "' for key " + key
                            + ", not one of the model's classes " + d.classes());
                }
            } else {
                outputs[i] = r.getDouble(outputAt);
                if (!(label instanceof Number v)) {
                    throw new IllegalStateException("label '" + d.label() + "' is not numeric for key " + key);
                }
                values[i] = v.doubleValue();
            }
            for (int s = 0; s < slices.size(); s++) {
                int at = ScoredInPlace.FIRST_SLICE + s;
                sliceValues[s][i] = r.isNullAt(at) ? EvaluationReport.NULL_SLICE : r.getString(at);
            }
        }
        return new LabelledOutputs(d, outputs, classIndex, values, sliceValues);
    }

    /** The task's overall metrics ({@link MulticlassMetrics#overall} or {@link RegressionMetrics#of}). */
    public SortedMap<String, Double> overall() {
        return descriptor.modelTask() == ModelTask.MULTICLASS
                ? MulticlassMetrics.overall(outputs, classIndex, descriptor.classes().size())
                : RegressionMetrics.of(outputs, values);
    }

    /** The task's slice metrics per value of slice column {@code slice}. */
    public SortedMap<String, SortedMap<String, Double>> sliceMetrics(int slice) {
        var members = new TreeMap<String, List<Integer>>();
        for (int i = 0; i < sliceValues[slice].length; i++) {
            members.computeIfAbsent(sliceValues[slice][i], v -> new ArrayList<>()).add(i);
        }
        var out = new TreeMap<String, SortedMap<String, Double>>();
        members.forEach((value, rows) -> out.put(value, metricsOf(rows.stream().mapToInt(Integer::intValue).toArray())));
        return out;
    }

    /** The per-group metrics of protected column {@code column} (its index among the collected columns): no gaps. */
    public ProtectedGroups protectedGroups(int column, FairnessSpec spec) {
        return ProtectedGroups.judge(sliceValues[column], spec, this::metricsOf, false);
    }

    /** The task's slice metrics on the rows at {@code rows}. */
    private SortedMap<String, Double> metricsOf(int[] rows) {
        int k = descriptor.modelTask() == ModelTask.MULTICLASS ? descriptor.classes().size() : 1;
        double[] o = new double[rows.length * k];
        for (int i = 0; i < rows.length; i++) System.arraycopy(outputs, rows[i] * k, o, i * k, k);
        if (descriptor.modelTask() == ModelTask.MULTICLASS) {
            int[] c = java.util.Arrays.stream(rows).map(r -> classIndex[r]).toArray();
            return MulticlassMetrics.slice(o, c, k);
        }
        double[] v = java.util.Arrays.stream(rows).mapToDouble(r -> values[r]).toArray();
        return RegressionMetrics.of(o, v);
    }
}
