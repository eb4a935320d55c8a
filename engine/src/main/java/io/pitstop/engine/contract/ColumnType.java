package io.pitstop.engine.contract;

import java.util.Locale;

/** Column types a contract may declare, spelled in lower case in YAML. */
public enum ColumnType {
    STRING, INTEGER, LONG, DOUBLE, BOOLEAN, DATE, TIMESTAMP;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
