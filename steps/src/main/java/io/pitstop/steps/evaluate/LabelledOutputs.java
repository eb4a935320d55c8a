package io.pitstop.steps.evaluate;

import io.pitstop.steps.model.ModelDescriptor;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A multiclass or regression model's outputs beside the true labels and slice values of the same
 * rows, in key order — what evaluation and the gate measure those tasks from ({@link LabelledScores}
 * is the binary counterpart). {@code outputs}: class probabilities, {@code rows × classes}
 * (multiclass), or one prediction per row (regression); {@code classIndex} / {@code values}: the
 * true class index or value per row.
 */
public record LabelledOutputs(ModelDescriptor descriptor, double[] outputs, int[] classIndex, double[] values,
                              String[][] sliceValues) {

    /**
     * @param scored the model's {@link TrainedModel#score} of {@code test}
     * @throws IllegalStateException for a null label, a class the model does not know, or a
     *                               non-numeric regression label, naming the key
     */
    public static LabelledOutputs collect(Dataset<Row> scored, Dataset<Row> test, ModelDescriptor d, List<String> slices) {
        ModelTask task = d.modelTask();
        if (task == ModelTask.BINARY) throw new IllegalArgumentException("binary models are measured by LabelledScores");
        var columns = new ArrayList<Column>();
        columns.add(functions.col(d.key()));
        columns.add(functions.col(d.label()));
        slices.forEach(s -> columns.add(functions.col(s).cast("string")));
        Column output = task == ModelTask.MULTICLASS ? functions.col(TrainedModel.PROBABILITIES_COLUMN)
                : functions.col(TrainedModel.SCORE_COLUMN);
        List<Row> rows = scored.select(functions.col(d.key()), output)
                .join(test.select(columns.toArray(Column[]::new)), d.key()).orderBy(d.key()).collectAsList();
        int n = rows.size();
        int k = task == ModelTask.MULTICLASS ? d.classes().size() : 1;
        double[] outputs = new double[n * k];
        int[] classIndex = new int[task == ModelTask.MULTICLASS ? n : 0];
        double[] values = new double[task == ModelTask.REGRESSION ? n : 0];
        String[][] sliceValues = new String[slices.size()][n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            if (r.isNullAt(2)) throw new IllegalStateException("label '" + d.label() + "' is null for key " + r.get(0));
            if (task == ModelTask.MULTICLASS) {
                List<Double> p = r.getList(1);
                for (int j = 0; j < k; j++) outputs[i * k + j] = p.get(j);
                classIndex[i] = d.classes().indexOf(String.valueOf(r.get(2)));
                if (classIndex[i] < 0) {
                    throw new IllegalStateException("label '" + d.label() + "' is '" + r.get(2) + "' for key " + r.get(0)
                            + ", not one of the model's classes " + d.classes());
                }
            } else {
                outputs[i] = r.getDouble(1);
                if (!(r.get(2) instanceof Number v)) {
                    throw new IllegalStateException("label '" + d.label() + "' is not numeric for key " + r.get(0));
                }
                values[i] = v.doubleValue();
            }
            for (int s = 0; s < slices.size(); s++) {
                sliceValues[s][i] = r.isNullAt(3 + s) ? EvaluationReport.NULL_SLICE : r.getString(3 + s);
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
        int k = descriptor.modelTask() == ModelTask.MULTICLASS ? descriptor.classes().size() : 1;
        var out = new TreeMap<String, SortedMap<String, Double>>();
        members.forEach((value, rows) -> {
            double[] o = new double[rows.size() * k];
            for (int i = 0; i < rows.size(); i++) System.arraycopy(outputs, rows.get(i) * k, o, i * k, k);
            if (descriptor.modelTask() == ModelTask.MULTICLASS) {
                int[] c = rows.stream().mapToInt(r -> classIndex[r]).toArray();
                out.put(value, MulticlassMetrics.slice(o, c, k));
            } else {
                double[] v = rows.stream().mapToDouble(r -> values[r]).toArray();
                out.put(value, RegressionMetrics.of(o, v));
            }
        });
        return out;
    }
}
