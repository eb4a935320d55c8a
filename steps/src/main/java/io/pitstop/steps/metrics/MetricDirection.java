package io.pitstop.steps.metrics;

import java.util.Set;

/**
 * Which way each named metric improves, for every task's metrics: the gate's regression rule
 * measures a loss against the champion in the metric's own direction, and a floor on a
 * lower-is-better metric (or a ceiling on a higher-is-better one) is refused as a mistake. Counts
 * and rates that are not quality (count, base_rate, majority_rate, baseline_rmse) have no
 * direction.
 */
public final class MetricDirection {

    public static final Set<String> LOWER_IS_BETTER = Set.of("log_loss", "brier", "ece", "rmse", "mae", "fpr");
    public static final Set<String> HIGHER_IS_BETTER = Set.of("auc", "accuracy", "precision", "recall", "f1",
            "macro_f1", "weighted_f1", "macro_precision", "macro_recall", "r2", "tpr");

    private MetricDirection() {
    }

    public static boolean lowerIsBetter(String metric) {
        return LOWER_IS_BETTER.contains(metric);
    }

    public static boolean higherIsBetter(String metric) {
        return HIGHER_IS_BETTER.contains(metric);
    }
}
