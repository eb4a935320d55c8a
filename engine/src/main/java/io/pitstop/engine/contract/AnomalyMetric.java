package io.pitstop.engine.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The metrics an anomaly check can watch across runs, spelled in lower case in YAML. */
public enum AnomalyMetric {
    /** Rows in the dataset; takes no column. */
    ROW_COUNT(false, false),
    /** Share of non-null values of a column. */
    COMPLETENESS(true, false),
    /** Mean of a numeric column. */
    MEAN(true, true),
    /** Approximate distinct values of a column. */
    APPROX_DISTINCT(true, false);

    private final boolean needsColumn;
    private final boolean needsNumericColumn;

    AnomalyMetric(boolean needsColumn, boolean needsNumericColumn) {
        this.needsColumn = needsColumn;
        this.needsNumericColumn = needsNumericColumn;
    }

    public boolean needsColumn() {
        return needsColumn;
    }

    public boolean needsNumericColumn() {
        return needsNumericColumn;
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AnomalyMetric> ofYaml(String name) {
        return Arrays.stream(values()).filter(m -> m.yamlName().equals(name)).findFirst();
    }

    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(AnomalyMetric::yamlName).toList();
    }
}
