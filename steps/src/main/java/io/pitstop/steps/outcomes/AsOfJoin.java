package io.pitstop.steps.outcomes;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

import static io.pitstop.steps.spark.ColumnNames.column;

/**
 * Joins each outcome to the prediction it judges: the newest prediction of its key scored at or before the
 * outcome became known. A score made after the outcome was known (the key scored again next month) is never
 * judged by it: it was not a prediction of that outcome.
 */
final class AsOfJoin {

    static final String LABEL = "label";
    static final String O_KEY = "o_key";

    private AsOfJoin() {
    }

    /**
     * @param predictions every published prediction ({@link PredictionHistory})
     * @param outcomes    key, outcome (text), known_at
     * @return the predictions' columns plus {@value #LABEL} (1 when the outcome is {@code positive}, else 0),
     *         the outcome and known_at, one row per outcome that has a prediction before it
     */
    static Dataset<Row> judged(Dataset<Row> predictions, Dataset<Row> outcomes, String key, String positive) {
        var keyType = predictions.schema().apply(key).dataType();
        Dataset<Row> o = outcomes.select(column(key).cast(keyType).as(O_KEY), column(OutcomeStore.OUTCOME),
                column(OutcomeStore.KNOWN_AT));
        var newestFirst = Window.partitionBy(functions.col(O_KEY))
                .orderBy(column(PredictionHistory.SCORED_AT).desc(), column(PredictionHistory.RUN_ID).desc());
        return predictions.join(o, column(key).equalTo(functions.col(O_KEY))
                        .and(column(PredictionHistory.SCORED_AT).leq(column(OutcomeStore.KNOWN_AT))))
                .withColumn("_rank", functions.row_number().over(newestFirst))
                .filter(functions.col("_rank").equalTo(1))
                .drop("_rank", O_KEY)
                .withColumn(LABEL, functions.when(column(OutcomeStore.OUTCOME).equalTo(functions.lit(positive)), 1)
                        .otherwise(0));
    }

    /** The outcomes no prediction made before them can be judged by. */
    static Dataset<Row> unmatched(Dataset<Row> outcomes, Dataset<Row> judged, String key) {
        Dataset<Row> matchedKeys = judged.select(column(key).cast("string").as("m_key")).distinct();
        return outcomes.join(matchedKeys, column(key).cast("string").equalTo(functions.col("m_key")), "left_anti");
    }
}
