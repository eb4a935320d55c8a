package io.pitstop.steps.gate;

import io.pitstop.engine.step.ParameterProblems;

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
        var problems = new ParameterProblems();
        if (columns == null || columns.isEmpty()) {
            problems.add("columns", "slices.columns must name at least one column to slice by");
        }
        if (maxRegression == null || maxRegression.isEmpty()) {
            problems.add("max_regression", "slices.max_regression must name at least one metric");
        } else {
            new java.util.TreeMap<>(maxRegression).forEach((metric, v) -> {
                if (!(v >= 0)) {
                    problems.add("max_regression/" + metric, "slices.max_regression." + metric + " must be >= 0, was " + v);
                }
            });
        }
        if (minRows != null && minRows < 1) {
            problems.add("min_rows", "slices.min_rows must be >= 1, was " + minRows);
        }
        problems.throwIfAny();
        columns = List.copyOf(columns);
        maxRegression = Map.copyOf(maxRegression);
        minRows = minRows == null ? DEFAULT_MIN_ROWS : minRows;
    }
}
