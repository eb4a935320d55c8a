package io.pitstop.engine.contract;

import io.pitstop.engine.step.Location;

import java.util.Objects;

/**
 * A metric that must not move by more than a declared rate between one validation and the previous
 * ones of the same dataset, e.g. {@code { metric: row_count, max_rate_of_change: 0.5, severity: warning }}:
 * this run's row count must lie within ×0.5..×1.5 of the last run's.
 *
 * @param metric          what is watched
 * @param column          the column, or null for {@link AnomalyMetric#ROW_COUNT}
 * @param maxRateOfChange largest allowed relative change, e.g. 0.1 for ±10%
 * @param severity        error stops the pipeline, warning is reported
 * @param location        where it was declared
 */
public record AnomalySpec(AnomalyMetric metric, String column, double maxRateOfChange, Severity severity,
                          Location location) {
    public AnomalySpec {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(severity, "severity");
        if (metric.needsColumn() && column == null) {
            throw new IllegalArgumentException(metric.yamlName() + " needs a column");
        }
        if (!(maxRateOfChange > 0)) {
            throw new IllegalArgumentException("max_rate_of_change must be positive, found " + maxRateOfChange);
        }
    }

    /** e.g. {@code completeness(total_charges)} or {@code row_count}. */
    public String describe() {
        return metric.yamlName() + (column == null ? "" : "(" + column + ")");
    }
}
