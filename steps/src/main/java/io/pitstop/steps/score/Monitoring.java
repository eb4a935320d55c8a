package io.pitstop.steps.score;

/**
 * What a scoring run watches and where each signal's warning and error lines are. Unset limits take
 * the defaults below; {@code input_psi} defaults to the drift thresholds of the model's contract.
 *
 * <pre>
 * monitoring:
 *   input_psi: { warning: 0.1, error: 0.25 }       # per feature, against the package's training profile
 *   prediction_psi: { warning: 0.1, error: 0.25 }  # scores vs the previous run's, ten bins over [0, 1]
 *   null_rate: { warning: 0.01, error: 0.2 }       # per feature column of the input
 *   model_age_days: { warning: 30, error: 90 }     # a model older than the error line is stale
 *   metrics_file: .pitstop/metrics/churn-score.prom
 * </pre>
 *
 * @param metricsFile Prometheus text-format file for node_exporter's textfile collector, relative to
 *                    the project; default {@code <state dir>/metrics/<pipeline>-<step>.prom}
 */
public record Monitoring(Limit inputPsi, Limit predictionPsi, Limit nullRate, Limit modelAgeDays, String metricsFile) {

    public static Monitoring defaults() {
        return new Monitoring(null, null, null, null, null);
    }

    public Monitoring {
        predictionPsi = predictionPsi == null ? new Limit(0.1, 0.25) : predictionPsi;
        nullRate = nullRate == null ? new Limit(0.01, 0.2) : nullRate;
        modelAgeDays = modelAgeDays == null ? new Limit(null, null) : modelAgeDays;
    }
}
