package io.pitstop.steps.score;

import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The distribution of scores over ten equal-width bins of [0, 1], in one aggregation: what the
 * prediction-drift PSI and the shadow comparison compare. Fixed bins (not quantiles of either side)
 * so two runs are compared on the same grid whatever either of them looks like.
 */
public final class ScoreBins {

    public static final int BINS = 10;

    private ScoreBins() {
    }

    /** Share of non-null scores per bin; all zeros for no rows. */
    public static double[] shares(Dataset<Row> scored) {
        Column score = functions.col(TrainedModel.SCORE_COLUMN);
        // floor(score * 10), with a score of exactly 1 counted in the last bin.
        Column bin = functions.least(functions.floor(score.multiply(BINS)), functions.lit(BINS - 1));
        Column[] counts = new Column[BINS];
        for (int i = 0; i < BINS; i++) {
            counts[i] = functions.sum(functions.when(bin.equalTo(i), 1L).otherwise(0L));
        }
        Row r = scored.agg(counts[0], java.util.Arrays.copyOfRange(counts, 1, BINS)).first();
        double[] shares = new double[BINS];
        long total = 0;
        for (int i = 0; i < BINS; i++) total += r.isNullAt(i) ? 0 : r.getLong(i);
        for (int i = 0; i < BINS && total > 0; i++) shares[i] = (r.isNullAt(i) ? 0 : r.getLong(i)) / (double) total;
        return shares;
    }
}
