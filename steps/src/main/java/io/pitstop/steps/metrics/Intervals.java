package io.pitstop.steps.metrics;

/**
 * 95% confidence intervals for numbers measured on few rows, so a realised rate on twelve outcomes is
 * read as the range it is and not as a bare number. Closed forms, no resampling: the same inputs give the
 * same interval on every run.
 */
public final class Intervals {

    /** The normal quantile of a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    private Intervals() {
    }

    /**
     * Wilson's score interval for a proportion {@code successes / n}: unlike the normal approximation it
     * stays inside [0, 1] and is honest at 0 or n successes, which is where small counts live.
     *
     * @return {lower, upper}; {NaN, NaN} when n is 0
     */
    public static double[] wilson(long successes, long n) {
        if (n <= 0) return new double[] {Double.NaN, Double.NaN};
        double p = (double) successes / n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / denominator;
        double half = Z95 / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, center - half), Math.min(1, center + half)};
    }

    /**
     * Hanley and McNeil's (1982) standard error of an AUC from the counts of positives and negatives,
     * as a normal interval clipped to [0, 1].
     *
     * @return {lower, upper}; {NaN, NaN} when the AUC is undefined (one class only)
     */
    public static double[] hanleyMcNeil(double auc, long positives, long negatives) {
        double se = io.pitstop.engine.policy.VersionComparison.hanleyMcNeilStandardError(auc, positives, negatives);
        if (Double.isNaN(se)) return new double[] {Double.NaN, Double.NaN};
        double half = Z95 * se;
        return new double[] {Math.max(0, auc - half), Math.min(1, auc + half)};
    }
}
