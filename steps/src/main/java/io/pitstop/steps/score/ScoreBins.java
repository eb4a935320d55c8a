package io.pitstop.steps.score;

import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The distribution of scores over ten equal-width bins of [0, 1]: what the prediction-drift PSI and
 * the shadow comparison compare. Fixed bins (not quantiles of either side) so two runs are compared on
 * the same grid whatever either of them looks like. The counts are plain sums, so the scorer computes
 * them inside the job that writes the predictions ({@link #counts()}); {@link #shares(Dataset)} scans a
 * table that was written without them.
 */
public final class ScoreBins {

    public static final int BINS = 10;

    private ScoreBins() {
    }

    /** One named aggregate per bin ({@code bin_0} … {@code bin_9}): how many scores fall in it. */
    static List<Column> counts() {
        Column score = functions.col(TrainedModel.SCORE_COLUMN);
        // floor(score * 10), with a score of exactly 1 counted in the last bin.
        Column bin = functions.least(functions.floor(score.multiply(BINS)), functions.lit(BINS - 1));
        var counts = new ArrayList<Column>();
        for (int i = 0; i < BINS; i++) {
            counts.add(functions.sum(functions.when(bin.equalTo(i), 1L).otherwise(0L)).as(name(i)));
        }
        return counts;
    }

    /** Shares per bin from the values of {@link #counts()}; all zeros for no rows. */
    static double[] shares(Map<String, Object> counts) {
        double[] shares = new double[BINS];
        long total = 0;
        for (int i = 0; i < BINS; i++) total += PredictionChecks.number(counts, name(i));
        for (int i = 0; i < BINS && total > 0; i++) shares[i] = PredictionChecks.number(counts, name(i)) / (double) total;
        return shares;
    }

    /** Share of non-null scores per bin, in one aggregation over {@code scored}; all zeros for no rows. */
    public static double[] shares(Dataset<Row> scored) {
        List<Column> counts = counts();
        Row r = scored.agg(counts.get(0), counts.subList(1, BINS).toArray(Column[]::new)).first();
        return shares(asMap(r));
    }

    static Map<String, Object> asMap(Row r) {
        var values = new java.util.HashMap<String, Object>();
        for (int i = 0; i < r.size(); i++) values.put(r.schema().fieldNames()[i], r.get(i));
        return values;
    }

    private static String name(int bin) {
        return "bin_" + bin;
    }
}
