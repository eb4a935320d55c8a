package io.pitstop.steps.train;

import io.pitstop.steps.features.FeatureTransform;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.util.ArrayList;
import java.util.List;

/**
 * A split brought to the driver and encoded: {@code rows × width} features in row order and one
 * 0/1 label per row. Rows are sorted by key first, so the training order (before the seeded
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
            labels[i] = positive.equals(String.valueOf(row.get(0))) ? 1f : 0f;
            encoder.encode(row, features, i * width);
        }
        return new EncodedRows(features, labels, all.size(), width);
    }

    public int positives() {
        int n = 0;
        for (float label : labels) n += label > 0.5f ? 1 : 0;
        return n;
    }

    public int[] intLabels() {
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) out[i] = labels[i] > 0.5f ? 1 : 0;
        return out;
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
