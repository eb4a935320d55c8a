package io.pitstop.steps.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics of a binary classifier on one set of rows. Undefined values (AUC with one class only,
 * precision with no predicted positive) are NaN. {@code positiveRate} is the share of rows
 * predicted positive at the threshold; {@code baseRate} the share actually positive.
 */
public record ClassifierMetrics(
        long count,
        double auc,
        double logLoss,
        double accuracy,
        double precision,
        double recall,
        double f1,
        double positiveRate,
        double baseRate,
        long truePositives,
        long falsePositives,
        long trueNegatives,
        long falseNegatives) {

    /** The defined values under their snake_case names, for {@code StepResult} metrics. */
    public Map<String, Double> asMap() {
        var all = new LinkedHashMap<String, Double>();
        all.put("count", (double) count);
        all.put("auc", auc);
        all.put("log_loss", logLoss);
        all.put("accuracy", accuracy);
        all.put("precision", precision);
        all.put("recall", recall);
        all.put("f1", f1);
        all.put("positive_rate", positiveRate);
        all.put("base_rate", baseRate);
        all.values().removeIf(v -> v.isNaN());
        return all;
    }
}
