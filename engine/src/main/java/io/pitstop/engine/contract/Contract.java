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
 * </pre>
 */
public record Contract(Path file, String dataset, String description, List<ColumnSpec> columns,
                       List<CheckSpec> checks) {

    public Contract {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(dataset, "dataset");
        description = description == null ? "" : description;
        columns = List.copyOf(columns);
        checks = List.copyOf(checks);
    }

    public java.util.Optional<ColumnSpec> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
