package io.pitstop.steps.score;

/**
 * A monitored value's two lines: reaching {@code warning} is reported, reaching {@code error} fails
 * the run before its predictions are committed. Either may be left out.
 *
 * <pre>
 * prediction_psi: { warning: 0.1, error: 0.25 }
 * </pre>
 */
public record Limit(Double warning, Double error) {

    public enum Level { OK, WARNING, ERROR }

    public Limit {
        if (warning != null && error != null && error < warning) {
            throw new IllegalArgumentException("error (" + error + ") must not be below warning (" + warning + ")");
        }
    }

    public Level judge(double value) {
        if (error != null && value >= error) return Level.ERROR;
        if (warning != null && value >= warning) return Level.WARNING;
        return Level.OK;
    }
}
