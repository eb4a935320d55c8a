package io.pitstop.steps.metrics;

import io.pitstop.engine.step.ParameterProblems;

import java.util.HashSet;
import java.util.List;

/**
 * The protected columns an evaluation measures per group, for the gate's fairness limits and the model
 * card: a group is the rows of one value of the column (nulls are the group {@value EvaluationReport#NULL_SLICE}).
 * Like a slice column, but judged for gaps between groups, not only against the champion. A protected
 * column need not be a feature: the test split holds every validated column.
 *
 * <p>A group with fewer than {@code minGroupRows} test rows is listed as not judged (its rates are noise),
 * and of a column with many distinct values only the {@code maxGroups} largest groups are judged; the
 * rest are listed as not judged with the reason, so a reader sees what the verdict does not cover.
 *
 * <pre>
 * fairness:
 *   protected_columns: [female, senior_citizen]
 *   min_group_rows: 30     # default 30
 *   max_groups: 20         # default 20
 * </pre>
 */
public record FairnessSpec(List<String> protectedColumns, Integer minGroupRows, Integer maxGroups) {

    public static final int DEFAULT_MIN_GROUP_ROWS = 30;
    public static final int DEFAULT_MAX_GROUPS = 20;

    public FairnessSpec {
        var problems = new ParameterProblems();
        if (protectedColumns == null || protectedColumns.isEmpty()) {
            problems.add("protected_columns", "fairness.protected_columns must name at least one column");
            protectedColumns = List.of();
        }
        for (int i = 0; i < protectedColumns.size(); i++) {
            String c = protectedColumns.get(i);
            if (c == null || c.isBlank()) problems.add("protected_columns/" + i, "fairness.protected_columns: a column name is blank");
        }
        if (new HashSet<>(protectedColumns).size() != protectedColumns.size()) {
            problems.add("protected_columns", "fairness.protected_columns: a column is listed twice in " + protectedColumns);
        }
        if (minGroupRows != null && minGroupRows < 1) {
            problems.add("min_group_rows", "fairness.min_group_rows must be >= 1, was " + minGroupRows);
        }
        // A gap needs two groups to compare.
        if (maxGroups != null && maxGroups < 2) {
            problems.add("max_groups", "fairness.max_groups must be >= 2 (a gap compares groups), was " + maxGroups);
        }
        problems.throwIfAny();
        protectedColumns = List.copyOf(protectedColumns);
        minGroupRows = minGroupRows == null ? DEFAULT_MIN_GROUP_ROWS : minGroupRows;
        maxGroups = maxGroups == null ? DEFAULT_MAX_GROUPS : maxGroups;
    }
}
