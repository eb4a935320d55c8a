package io.pitstop.steps.train;

import io.pitstop.steps.features.FeatureTransform;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.Target;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.util.ArrayList;
import java.util.List;

import static io.pitstop.steps.spark.ColumnNames.quoted;

/**
 * A split brought to the driver and encoded: {@code rows × width} features in row order and one
 * encoded label per row ({@link Target#encode}: 0/1, a class index, or a standardised value). Rows are sorted by key first, so the training order (before the seeded
 * shuffle) does not depend on how Spark partitioned the files.
 *
 * <p>Collecting suits the local, single-JVM trainer and data of this size (a few MB). At ~10M rows
 * the encoded matrix (rows × width × 4 bytes) still fits a driver, but the path should become
 * {@code toLocalIterator} into an off-heap array, or training on the executors via dl4j-spark.
 */
public record EncodedRows(float[] features, float[] labels, int rows, int width) {

    /** Thrown when a label is missing: training on a guessed label would be silent corruption. */
    public static final class MissingLabelException extends RuntimeException {
        public MissingLabelException(String message) {
            super(message);
        }
    }

    public static EncodedRows collect(Dataset<Row> split, FeatureTransform transform, String labelColumn,
                                      String positive, String keyColumn) {
        return collect(split, transform, labelColumn,
                new Target(ModelTask.BINARY, positive, List.of(), 0, 1), keyColumn);
    }

    /**
     * @throws Target.UnusableLabelException for a label value the target cannot encode (an undeclared
     *                                        class), naming the value
     */
    public static EncodedRows collect(Dataset<Row> split, FeatureTransform transform, String labelColumn,
                                      Target target, String keyColumn) {
        var columns = new ArrayList<Column>();
        columns.add(functions.col(quoted(labelColumn)));
        transform.spec().columns().forEach(c -> columns.add(functions.col(quoted(c))));
        Dataset<Row> narrowed = split.orderBy(functions.col(quoted(keyColumn)))
                .select(columns.toArray(Column[]::new));
        FeatureTransform.Bound encoder = transform.bind(narrowed.schema());
        List<Row> all = narrowed.collectAsList();
        int width = transform.width();
        float[] features = new float[all.size() * width];
        float[] labels = new float[all.size()];
        for (int i = 0; i < all.size(); i++) {
            Row row = all.get(i);
            if (row.isNullAt(0)) {
                throw new MissingLabelException("label column '" + labelColumn + "' is null in a training row");
            }
            labels[i] = target.encode(row.get(0));
            encoder.encode(row, features, i * width);
        }
        return new EncodedRows(features, labels, all.size(), width);
    }

    public int positives() {
        int n = 0;
        for (float label : labels) n += label > 0.5f ? 1 : 0;
        return n;
    }

    /** Rows per class index 0..classes-1 (multiclass labels). */
    public long[] classCounts(int classes) {
        long[] counts = new long[classes];
        for (float label : labels) counts[(int) label]++;
        return counts;
    }

    /** The labels as ints: 0/1 for binary, the class index for multiclass. */
    public int[] intLabels() {
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) out[i] = Math.round(labels[i]);
        return out;
    }

}
