package io.pitstop.steps.metrics;

/** The per-segment summary: enough to see one segment regress while the total holds. */
public record SliceMetrics(long count, double auc, double logLoss, double accuracy, double f1) {

    /** The values under their snake_case names, as gate rules name them (NaN kept). */
    public java.util.Map<String, Double> asMap() {
        var all = new java.util.LinkedHashMap<String, Double>();
        all.put("count", (double) count);
        all.put("auc", auc);
        all.put("log_loss", logLoss);
        all.put("accuracy", accuracy);
        all.put("f1", f1);
        return all;
    }

    public static SliceMetrics of(ClassifierMetrics m) {
        return new SliceMetrics(m.count(), m.auc(), m.logLoss(), m.accuracy(), m.f1());
    }
}
