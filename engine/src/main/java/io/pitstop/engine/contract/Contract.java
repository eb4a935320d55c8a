package io.pitstop.engine.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A data contract from {@code data-contracts/<dataset>.yaml}: the schema a dataset must have and the
 * checks its rows must pass. Compiled into Deequ checks by the validate step.
 *
 * <pre>
 * dataset: telco_churn
 * columns:
 *   - { name: customer_id, type: string, nullable: false }
 *   - { name: tenure, type: integer }
 * checks:
 *   - { kind: unique, column: customer_id }
 *   - { kind: completeness, column: total_charges, min: 0.99, severity: warning }
 * anomalies:                 # compared with earlier validations of the same dataset
 *   - { metric: row_count, max_rate_of_change: 0.5, severity: warning }
 * drift:                     # thresholds for comparing new data with the training profile
 *   psi_warning: 0.1
 *   psi_error: 0.25
 *   max_unseen_share: 0.05
 * </pre>
 */
public record Contract(Path file, String dataset, String description, List<ColumnSpec> columns,
                       List<CheckSpec> checks, List<AnomalySpec> anomalies, DriftSpec drift) {

    /**
     * @param anomalies metrics watched across runs (may be empty)
     * @param drift     drift thresholds; null takes {@link DriftSpec#defaults()}
     */
    public Contract {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(dataset, "dataset");
        description = description == null ? "" : description;
        columns = List.copyOf(columns);
        checks = List.copyOf(checks);
        anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
        drift = drift == null ? DriftSpec.defaults() : drift;
    }

    /** A contract without anomaly checks and with the default drift thresholds. */
    public Contract(Path file, String dataset, String description, List<ColumnSpec> columns, List<CheckSpec> checks) {
        this(file, dataset, description, columns, checks, List.of(), null);
    }

    public java.util.Optional<ColumnSpec> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
