package io.pitstop.steps.score;

import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pitstop.steps.spark.ColumnNames.quoted;

/**
 * The checks on a run's predictions, split in two so they can ride along the write: the aggregates
 * (plain sums, min and max — what {@code Dataset.observe} can compute inside the job that writes the
 * rows) and the judgement of their values. Whether every key occurs once needs a distinct count, which
 * no per-row aggregate gives; it is measured apart ({@link BatchScorer}) and handed in.
 */
final class PredictionChecks {

    static final String ROWS = "rows";
    static final String NULL_KEYS = "null_keys";
    static final String NULL_SCORES = "null_scores";
    static final String BAD_SCORES = "bad_scores";
    static final String MIN_SCORE = "min_score";
    static final String MAX_SCORE = "max_score";
    static final String BAD_CLASS_ROWS = "bad_class_rows";

    private PredictionChecks() {
    }

    /**
     * Named aggregates over the predictions. What a score may be depends on the task: a probability
     * in [0, 1] (binary; multiclass, whose class probabilities must also sum to 1 and name a class),
     * any finite number (regression).
     */
    static List<Column> aggregates(String key, ModelTask task) {
        Column k = functions.col(quoted(key));
        Column score = functions.col(TrainedModel.SCORE_COLUMN);
        Column bad = task == ModelTask.REGRESSION
                ? functions.isnan(score).or(score.equalTo(Double.POSITIVE_INFINITY)).or(score.equalTo(Double.NEGATIVE_INFINITY))
                : functions.isnan(score).or(score.lt(0)).or(score.gt(1));
        Column badProbabilities = task != ModelTask.MULTICLASS ? functions.lit(0L)
                : functions.sum(functions.when(functions.col(TrainedModel.PREDICTION_COLUMN).isNull()
                        .or(functions.abs(functions.expr("aggregate(" + TrainedModel.PROBABILITIES_COLUMN
                                + ", 0D, (acc, p) -> acc + p)").minus(1.0)).gt(1e-3)), 1L).otherwise(0L));
        return List.of(
                functions.count(functions.lit(1)).as(ROWS),
                countWhen(k.isNull()).as(NULL_KEYS),
                countWhen(score.isNull()).as(NULL_SCORES),
                countWhen(score.isNotNull().and(bad)).as(BAD_SCORES),
                functions.min(score).as(MIN_SCORE),
                functions.max(score).as(MAX_SCORE),
                badProbabilities.as(BAD_CLASS_ROWS));
    }

    /** The failed checks, given the {@link #aggregates} by name, the input's row count and the distinct keys. */
    static List<PredictionCheck> judge(Map<String, Object> values, String key, long inputRows, long distinctKeys,
                                       ModelTask task) {
        long rows = number(values, ROWS);
        long nullKeys = number(values, NULL_KEYS);
        long nullScores = number(values, NULL_SCORES);
        long outOfRange = number(values, BAD_SCORES);
        long badClassRows = number(values, BAD_CLASS_ROWS);

        var failed = new ArrayList<PredictionCheck>();
        if (rows != inputRows) {
            failed.add(new PredictionCheck("row_count", inputRows + " rows (the input's)", rows + " rows"));
        }
        if (distinctKeys != rows || nullKeys > 0) {
            failed.add(new PredictionCheck("unique_keys", "every " + key + " exactly once, none null",
                    distinctKeys + " distinct non-null keys in " + rows + " rows, " + nullKeys + " null"));
        }
        if (nullScores > 0) {
            failed.add(new PredictionCheck("no_null_scores", "0 null scores", nullScores + " null"));
        }
        if (outOfRange > 0 && task == ModelTask.REGRESSION) {
            failed.add(new PredictionCheck("scores_finite", "every predicted value a finite number",
                    outOfRange + " NaN or infinite"));
        } else if (outOfRange > 0) {
            failed.add(new PredictionCheck("scores_in_unit_interval", "every score in [0, 1]",
                    outOfRange + " outside, min " + values.get(MIN_SCORE) + ", max " + values.get(MAX_SCORE)));
        }
        if (badClassRows > 0) {
            failed.add(new PredictionCheck("class_probabilities", "a predicted class and probabilities summing to 1 in every row",
                    badClassRows + " rows without"));
        }
        return failed;
    }

    static Column countWhen(Column condition) {
        return functions.sum(functions.when(condition, 1L).otherwise(0L));
    }

    /** A count from the aggregates; a sum over no rows is null, i.e. 0. */
    static long number(Map<String, Object> values, String name) {
        Object v = values.get(name);
        return v == null ? 0 : ((Number) v).longValue();
    }

}
