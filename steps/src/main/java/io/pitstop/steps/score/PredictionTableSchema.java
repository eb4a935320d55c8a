package io.pitstop.steps.score;

import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Map;

/**
 * The prediction table's schema as analysts see it in any Delta reader (Spark SQL, delta-rs, Trino): the
 * key and the score declared NOT NULL (the prediction checks refuse a run with a null in either before it
 * commits, so the declaration only states what holds; Delta also enforces it on every later write), and a
 * comment on every column saying what it holds. Only the table's metadata changes: the rows written are
 * the same, so scoring pays nothing for it.
 */
final class PredictionTableSchema {

    private static final String COMMENT = "comment";
    private static final String CARRIED = "Carried unchanged from the scoring input.";
    private static final Map<String, String> COMMENTS = Map.of(
            "decision", "Whether the score reaches the model's decision threshold.",
            TrainedModel.PREDICTION_COLUMN, "The predicted class.",
            TrainedModel.PROBABILITIES_COLUMN, "The probability of each class, in the model's class order.",
            "model_name", "The model that scored the row.",
            "model_version", "The release (semver) of the model that scored the row.",
            "run_id", "The Pitstop run that scored the row.",
            "scored_at", "When the run scored the row, in UTC.");

    private PredictionTableSchema() {
    }

    /** The table schema for predictions written with {@code written}'s columns. */
    static StructType of(StructType written, String key, ModelTask task) {
        StructField[] fields = written.asNullable().fields();
        StructField[] out = new StructField[fields.length];
        for (int i = 0; i < fields.length; i++) {
            String name = fields[i].name();
            boolean required = name.equals(key) || name.equals(TrainedModel.SCORE_COLUMN);
            out[i] = new StructField(name, fields[i].dataType(), !required, comment(comment(name, key, task)));
        }
        return new StructType(out);
    }

    /** Whether two schemas have the same columns of the same types, whatever their nullability and comments. */
    static boolean sameColumns(StructType a, StructType b) {
        return bare(a).equals(bare(b));
    }

    /** Names and types only: what rows of one schema can be added to a table of the other by. */
    static StructType bare(StructType schema) {
        StructField[] fields = schema.asNullable().fields();
        StructField[] out = new StructField[fields.length];
        for (int i = 0; i < fields.length; i++) {
            out[i] = new StructField(fields[i].name(), fields[i].dataType(), true, Metadata.empty());
        }
        return new StructType(out);
    }

    private static String comment(String column, String key, ModelTask task) {
        if (column.equals(key)) return "The key of the scored entity, as in the scoring input; one row per key.";
        if (column.equals(TrainedModel.SCORE_COLUMN)) {
            return switch (task) {
                case BINARY -> "The probability of the positive class.";
                case MULTICLASS -> "The probability of the predicted class.";
                case REGRESSION -> "The predicted value.";
            };
        }
        return COMMENTS.getOrDefault(column, CARRIED);
    }

    private static Metadata comment(String text) {
        return new MetadataBuilder().putString(COMMENT, text).build();
    }
}
