package io.pitstop.steps.metrics;

/** One row of a reliability table: scores in [lower, upper), how many, mean score, observed positive rate. */
public record CalibrationBin(double lower, double upper, long count, double meanPredicted, double observedRate) {
}
