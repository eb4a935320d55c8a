package io.pitstop.engine.contract;

import io.pitstop.engine.step.Location;

/**
 * Thresholds for comparing new data with a stored profile of the training data:
 * a feature whose population stability index reaches {@code psiWarning} is reported, one that reaches
 * {@code psiError} fails; a feature whose share of values never seen in training exceeds
 * {@code maxUnseenShare} fails too. Data with fewer than {@code minRows} rows (or a feature with fewer
 * non-null values) is not judged: its PSI would be mostly sampling noise.
 *
 * <pre>
 * drift:
 *   psi_warning: 0.1     # the usual "some shift" line
 *   psi_error: 0.25      # the usual "significant shift" line
 *   max_unseen_share: 0.05
 *   min_rows: 500
 * </pre>
 */
public record DriftSpec(double psiWarning, double psiError, double maxUnseenShare, long minRows, Location location) {

    public static final double DEFAULT_PSI_WARNING = 0.1;
    public static final double DEFAULT_PSI_ERROR = 0.25;
    public static final double DEFAULT_MAX_UNSEEN_SHARE = 0.05;

    /**
     * Chance alone gives a sample of n rows a PSI of about (k − 1)/n against k bins of a large training set
     * (PSI is close to a chi-square statistic divided by n). Drift uses at most 21 bins per feature, so at 500
     * rows that noise averages 0.04, stays below psi_warning (0.1) in 99% of batches and below psi_error (0.25)
     * always (MinRowsNoiseTest: 1,000 no-drift batches, p99 0.091, worst 0.134). At 100 rows its median is
     * 0.31: noise alone would fail the run.
     */
    public static final long DEFAULT_MIN_ROWS = 500;

    /** Thresholds with the default {@code min_rows}. */
    public DriftSpec(double psiWarning, double psiError, double maxUnseenShare, Location location) {
        this(psiWarning, psiError, maxUnseenShare, DEFAULT_MIN_ROWS, location);
    }

    public DriftSpec {
        if (minRows < 1) throw new IllegalArgumentException("min_rows must be at least 1, found " + minRows);
        if (psiWarning < 0 || psiError < psiWarning) {
            throw new IllegalArgumentException("need 0 <= psi_warning <= psi_error, found " + psiWarning + " and " + psiError);
        }
        if (maxUnseenShare < 0 || maxUnseenShare > 1) {
            throw new IllegalArgumentException("max_unseen_share must be a fraction, found " + maxUnseenShare);
        }
    }

    /** The conventional thresholds, for a contract that declares none. */
    public static DriftSpec defaults() {
        return new DriftSpec(DEFAULT_PSI_WARNING, DEFAULT_PSI_ERROR, DEFAULT_MAX_UNSEEN_SHARE, DEFAULT_MIN_ROWS, null);
    }
}
