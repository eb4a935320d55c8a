package io.pitstop.steps.train;

/**
 * One epoch's learning-curve point. Losses are the task's loss without the L2 term, so they compare
 * (binary and multi-class cross-entropy; for regression the mean squared error of the standardised
 * label). {@code validationMetric} is the task's metric on the validation split: AUC (binary),
 * accuracy (multiclass), RMSE in the label's units (regression) — see {@link TaskCurves}.
 */
public record EpochStats(int epoch, double trainLoss, double validationLoss, double validationMetric, double seconds) {
}
