package io.pitstop.steps.score;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a scoring run's predictions enter the analysts' table. Each is one Delta commit, made only after
 * the predictions passed their checks, and each lands at most once per run id (a retried run whose
 * commit already landed commits nothing more).
 *
 * <pre>
 * - id: score
 *   uses: score.batch
 *   with:
 *     input: data/new_customers.csv
 *     table: .pitstop/tables/churn_predictions
 *     mode: merge            # replace (default) | append | merge
 * </pre>
 */
public enum WriteMode {
    /** The table becomes exactly this run's rows (every row scored each time). */
    REPLACE,
    /** This run's rows are added; earlier runs' rows stay (a history of scores, one batch per run). */
    APPEND,
    /** Upsert by key (Delta MERGE): a key scored now gets this run's row, other keys keep theirs. */
    MERGE;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WriteMode> parse(String s) {
        return Arrays.stream(values()).filter(m -> m.yamlName().equals(s)).findFirst();
    }
}
