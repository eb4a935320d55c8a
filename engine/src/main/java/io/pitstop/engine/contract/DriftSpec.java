package io.pitstop.engine.contract;

import io.pitstop.engine.step.Location;

/**
 * Thresholds for comparing new data with a stored profile of the training data:
 * a feature whose population stability index reaches {@code psiWarning} is reported, one that reaches
 * {@code psiError} fails; a categorical feature whose share of values never seen in training exceeds
 * {@code maxUnseenShare} fails too.
 *
 * <pre>
 * drift:
 *   psi_warning: 0.1     # the usual "some shift" line
 *   psi_error: 0.25      # the usual "significant shift" line
 *   max_unseen_share: 0.05
 * </pre>
 */
public record DriftSpec(double psiWarning, double psiError, double maxUnseenShare, Location location) {

    public static final double DEFAULT_PSI_WARNING = 0.1;
    public static final double DEFAULT_PSI_ERROR = 0.25;
    public static final double DEFAULT_MAX_UNSEEN_SHARE = 0.05;

    public DriftSpec {
        if (psiWarning < 0 || psiError < psiWarning) {
            throw new IllegalArgumentException("need 0 <= psi_warning <= psi_error, found " + psiWarning + " and " + psiError);
        }
        if (maxUnseenShare < 0 || maxUnseenShare > 1) {
            throw new IllegalArgumentException("max_unseen_share must be a fraction, found " + maxUnseenShare);
        }
    }

    /** The conventional thresholds, for a contract that declares none. */
    public static DriftSpec defaults() {
        return new DriftSpec(DEFAULT_PSI_WARNING, DEFAULT_PSI_ERROR, DEFAULT_MAX_UNSEEN_SHARE, null);
    }
}
