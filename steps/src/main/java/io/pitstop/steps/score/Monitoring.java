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
 *   min_rows: 500      # fewer rows: input drift, null_rate and prediction_psi are not judged (default: the contract's drift.min_rows)
 * </pre>
 *
 * <p>A share measured on a handful of rows says nothing about the population: one row with one null is
 * a null rate of 1, and ten bins of scores filled by 20 rows differ from last night's by sampling alone
 * (PSI's noise is about (bins − 1) / rows, 0.45 at 20 rows, 0.018 at 500). Below {@code min_rows} those
 * signals, and input drift, are reported as not judged, so a small batch of new customers is scored, not
 * refused. Unset, {@code min_rows} is the model contract's {@code drift.min_rows} (500 unless declared):
 * one number for every statistical signal of a run.
 *
 * @param metricsFile Prometheus text-format file for node_exporter's textfile collector, relative to
 *                    the project; default {@code <state dir>/metrics/<pipeline>-<step>.prom}
 */
public record Monitoring(Limit inputPsi, Limit predictionPsi, Limit nullRate, Limit modelAgeDays, String metricsFile,
                         Long minRows) {

    public static Monitoring defaults() {
        return new Monitoring(null, null, null, null, null, null);
    }

    public Monitoring(Limit inputPsi, Limit predictionPsi, Limit nullRate, Limit modelAgeDays, String metricsFile) {
        this(inputPsi, predictionPsi, nullRate, modelAgeDays, metricsFile, null);
    }

    public Monitoring {
        if (minRows != null && minRows < 1) {
            throw new io.pitstop.engine.step.InvalidParameterException("monitoring/min_rows",
                    "monitoring.min_rows must be at least 1, was " + minRows);
        }

        predictionPsi = predictionPsi == null ? new Limit(0.1, 0.25) : predictionPsi;
        nullRate = nullRate == null ? new Limit(0.01, 0.2) : nullRate;
        modelAgeDays = modelAgeDays == null ? new Limit(null, null) : modelAgeDays;
    }
}
