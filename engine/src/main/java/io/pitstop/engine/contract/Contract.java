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

    /**
     * The contract an input other than the training data is held to (a batch to score): only the
     * columns named (in this contract's order; a name it does not declare is added as a nullable string,
     * e.g. a segment column scoring carries into its table), and only the checks whose scope is
     * {@link CheckScope#ALL} on those columns, plus table-level checks of that scope. Anomaly checks,
     * which compare a training set with earlier ones, are dropped. A predicate may still name a column
     * that is not kept; the checker decides whether it can apply. A derived column kept keeps the columns
     * it is derived from.
     */
    public Contract forInput(java.util.Collection<String> names) {
        var wanted = new java.util.LinkedHashSet<>(names);
        // A derived column (a key hashed from others) is computed from its sources, so they are needed too.
        for (ColumnSpec c : columns) if (c.isDerived() && wanted.contains(c.name())) wanted.addAll(c.derived().hashOf());
        var kept = new java.util.ArrayList<ColumnSpec>();
        for (ColumnSpec c : columns) if (wanted.remove(c.name())) kept.add(c);
        for (String extra : wanted) kept.add(new ColumnSpec(extra, ColumnType.STRING, true, null));
        var keptNames = kept.stream().map(ColumnSpec::name).collect(java.util.stream.Collectors.toSet());
        List<CheckSpec> keptChecks = checks.stream()
                .filter(c -> c.appliesTo() == CheckScope.ALL)
                .filter(c -> c.column() == null || keptNames.contains(c.column()))
                .toList();
        return new Contract(file, dataset, description, kept, keptChecks, List.of(), drift);
    }

    public java.util.Optional<ColumnSpec> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
