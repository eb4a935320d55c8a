package io.pitstop.steps.gate;

import io.pitstop.engine.step.InvalidParameterException;

import java.util.List;
import java.util.Map;

/**
 * Per-segment limits against the champion: for every value of every listed column, the challenger
 * may lose at most {@code maxRegression} of a metric on that segment's rows, so a model that holds
 * overall while failing one group of customers is still stopped. Segments with fewer than
 * {@code minRows} test rows are reported but not judged: their metrics are too noisy to decide on.
 *
 * <pre>
 * slices:
 *   columns: [contract]
 *   max_regression: { auc: 0.05 }
 *   min_rows: 100
 * </pre>
 */
public record SliceLimits(List<String> columns, Map<String, Double> maxRegression, Integer minRows) {

    static final int DEFAULT_MIN_ROWS = 100;

    public SliceLimits {
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("slices.columns must name at least one column to slice by");
        }
        if (maxRegression == null || maxRegression.isEmpty()) {
            throw new IllegalArgumentException("slices.max_regression must name at least one metric");
        }
        maxRegression.forEach((metric, v) -> {
            if (!(v >= 0)) {
                throw new InvalidParameterException("max_regression/" + metric,
                        "slices.max_regression." + metric + " must be >= 0, was " + v);
            }
        });
        if (minRows != null && minRows < 1) {
            throw new InvalidParameterException("min_rows", "slices.min_rows must be >= 1, was " + minRows);
        }
        columns = List.copyOf(columns);
        maxRegression = Map.copyOf(maxRegression);
        minRows = minRows == null ? DEFAULT_MIN_ROWS : minRows;
    }
}
