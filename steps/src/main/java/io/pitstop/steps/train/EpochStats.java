package io.pitstop.steps.train;

/** One epoch's learning-curve point; losses are mean log-loss without the L2 term, so they compare. */
public record EpochStats(int epoch, double trainLoss, double validationLoss, double validationAuc, double seconds) {
}
