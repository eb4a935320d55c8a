package io.pitstop.steps.evaluate;

/** The per-segment summary: enough to see one segment regress while the total holds. */
public record SliceMetrics(long count, double auc, double logLoss, double accuracy, double f1) {

    public static SliceMetrics of(ClassifierMetrics m) {
        return new SliceMetrics(m.count(), m.auc(), m.logLoss(), m.accuracy(), m.f1());
    }
}
