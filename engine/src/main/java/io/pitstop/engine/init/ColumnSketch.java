package io.pitstop.engine.init;

import io.pitstop.engine.contract.ColumnType;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one column of a data file holds, as {@link DataInspector} measured it.
 *
 * @param type              the type Pitstop's reader will parse every non-empty value as: integer or
 *                          long (plain digits), double, else string
 * @param nulls             rows with an empty value
 * @param distinct          distinct non-empty values; exact when {@code valueCounts} is not empty or
 *                          the column is all distinct, approximate (within a few percent) otherwise
 * @param valueCounts       every distinct value with its row count, sorted by value, when there are at
 *                          most {@link #VALUE_COUNT_LIMIT}; empty otherwise
 * @param min               smallest value of a numeric column, else null
 * @param max               largest value of a numeric column, else null
 * @param allDistinct       every row has a value and no two are equal (exact)
 * @param nonNegative       Deequ suggested {@code isNonNegative}: no value below 0
 * @param completenessFloor Deequ's suggested lower bound on the share of non-empty values (a confidence
 *                          bound below the measured share), or null when it suggested none (a complete
 *                          column, or one mostly empty)
 * @param categorical       Deequ suggested {@code isContainedIn}: a string column whose values repeat
 *                          enough to be a fixed set
 */
public record ColumnSketch(String name, ColumnType type, long nulls, long distinct, Map<String, Long> valueCounts,
                           Double min, Double max, boolean allDistinct, boolean nonNegative,
                           Double completenessFloor, boolean categorical) {

    /** Value counts are kept for columns with at most this many distinct values. */
    public static final int VALUE_COUNT_LIMIT = 100;

    public ColumnSketch {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        valueCounts = Collections.unmodifiableSortedMap(new TreeMap<>(valueCounts == null ? Map.of() : valueCounts));
    }

    public boolean numeric() {
        return type == ColumnType.INTEGER || type == ColumnType.LONG || type == ColumnType.DOUBLE;
    }
}
