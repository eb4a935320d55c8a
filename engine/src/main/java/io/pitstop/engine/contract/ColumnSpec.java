package io.pitstop.engine.contract;

import io.pitstop.engine.step.Location;

import java.util.Objects;

public record ColumnSpec(String name, ColumnType type, boolean nullable, Location location) {
    public ColumnSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
