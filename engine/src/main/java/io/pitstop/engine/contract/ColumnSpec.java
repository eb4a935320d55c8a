package io.pitstop.engine.contract;

import io.pitstop.engine.step.Location;

import java.util.Objects;

/**
 * One declared column.
 *
 * @param derived how the column is computed from other columns instead of read from the file (a key
 *                for data without an id); null for a column the file must have
 */
public record ColumnSpec(String name, ColumnType type, boolean nullable, Location location, ColumnDerivation derived) {
    public ColumnSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A column read from the file. */
    public ColumnSpec(String name, ColumnType type, boolean nullable, Location location) {
        this(name, type, nullable, location, null);
    }

    public boolean isDerived() {
        return derived != null;
    }
}
