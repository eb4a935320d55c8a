package io.pitstop.steps.score;

import io.pitstop.steps.model.TrainedModel;
import java.util.List;
import org.apache.spark.sql.Column;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.steps.drift.Psi;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * How a challenger (staging) model scored the same rows as the champion (production), joined on the
 * key: the share of rows where both decide the same, the Pearson correlation of the scores, and the
 * PSI of the challenger's score distribution against the champion's.
 *
 * <p>The join pairs each row with itself only because staging refuses predictions whose key is
 * duplicated or null ({@link PredictionChecks}' {@code unique_keys}). That is checked here too: unless
 * both sides' rows pair one to one, the comparison is refused rather than computed over multiplied or
 * dropped rows.
 */
public record ShadowComparison(String champion, String challenger, long rows, double decisionAgreement,
                               double scoreCorrelation, double scorePsi) {

    public static ShadowComparison of(SparkSession spark, StagedPredictions champion, StagedPredictions challenger) {
        String key = champion.request().keyColumn();
        Dataset<Row> aRows = spark.read().parquet(champion.files().toArray(String[]::new));
        // What a model decides: the thresholded decision (binary), the predicted class (multiclass);
        // a regression model decides nothing, so agreement is undefined (NaN).
        String decision = List.of(aRows.columns()).contains("decision") ? "decision"
                : List.of(aRows.columns()).contains(TrainedModel.PREDICTION_COLUMN) ? TrainedModel.PREDICTION_COLUMN : null;
        Column aDecision = decision == null ? functions.lit(null).cast("string") : functions.col(decision);
        Dataset<Row> a = aRows.select(functions.col(key), functions.col("score").as("a_score"), aDecision.as("a_decision"));
        Dataset<Row> bRows = spark.read().parquet(challenger.files().toArray(String[]::new));
        Column bDecision = decision == null || !List.of(bRows.columns()).contains(decision)
                ? functions.lit(null).cast("string") : functions.col(decision);
        Dataset<Row> b = bRows.select(functions.col(key), functions.col("score").as("b_score"), bDecision.as("b_decision"));
        Row r = a.join(b, key).agg(functions.count(functions.lit(1)),
                functions.avg(functions.when(functions.col("a_decision").equalTo(functions.col("b_decision")), 1.0)
                        .when(functions.col("a_decision").isNotNull(), 0.0)),
                functions.corr("a_score", "b_score")).first();
        long matched = r.getLong(0);
        if (matched != champion.rows() || matched != challenger.rows()) {
            throw new IllegalStateException("cannot compare the shadow model's predictions with the champion's:"
                    + " matched by " + key + ", " + champion.rows() + " and " + challenger.rows() + " rows made "
                    + matched + " pairs; the comparison needs a key that names each row once (unique, never null)");
        }
        return new ShadowComparison(champion.request().modelVersion(), challenger.request().modelVersion(),
                matched, r.isNullAt(1) ? Double.NaN : r.getDouble(1), r.isNullAt(2) ? Double.NaN : r.getDouble(2),
                champion.scoreShares() == null || challenger.scoreShares() == null ? Double.NaN
                        : Psi.of(champion.scoreShares(), challenger.scoreShares()));
    }

    public JsonNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("champion_version", champion);
        n.put("challenger_version", challenger);
        n.put("rows", rows);
        put(n, "decision_agreement", decisionAgreement);
        put(n, "score_correlation", scoreCorrelation);
        put(n, "score_psi", scorePsi);
        return n;
    }

    private static void put(ObjectNode n, String name, double v) {
        if (Double.isNaN(v)) n.putNull(name);
        else n.put(name, v);
    }
}
