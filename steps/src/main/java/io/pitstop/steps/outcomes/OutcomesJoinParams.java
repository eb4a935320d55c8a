package io.pitstop.steps.outcomes;

import io.pitstop.engine.step.InvalidParameterException;

import java.util.List;

/**
 * Parameters of {@code outcomes.join}.
 *
 * <pre>
 * - id: outcomes
 *   uses: outcomes.join
 *   with:
 *     input: data/outcomes/latest.csv               # ./pitstop outcomes add &lt;file&gt; replaces it
 *     contract: data-contracts/churn-outcomes.yaml  # columns customer_id, churn, known_at
 *     table: .pitstop/tables/churn_predictions      # the prediction table score.batch writes
 *     key: customer_id
 *     outcome: churn
 *     positive: "Yes"
 *     known_at: known_at                            # default
 *     slices: [contract]                            # columns score.batch carries into the table
 * </pre>
 *
 * @param input         the outcomes file (CSV with a header), relative to the project
 * @param contract      the outcome contract the file is held to: its key, outcome and {@code known_at} columns
 *                      must be declared, {@code known_at} as a timestamp or a date
 * @param table         the prediction table the outcomes are joined to
 * @param outcomesTable where accepted outcomes accumulate, a Delta table with one commit per accepted file;
 *                      default {@code <table>_outcomes}
 * @param key           the key column, named the same in the file and the table
 * @param outcome       the outcome column of the file
 * @param positive      the outcome value that is the positive class (the score's event); compared as text
 * @param knownAt       when each outcome became known: it is joined to the newest prediction of its key
 *                      scored at or before that time, never to a later one
 * @param slices        prediction-table columns to report realised performance per value of
 */
public record OutcomesJoinParams(String input, String contract, String table, String outcomesTable, String key,
                                 String outcome, String positive, String knownAt, List<String> slices) {

    public static final String DEFAULT_KNOWN_AT = "known_at";

    public OutcomesJoinParams {
        require("input", input, "the outcomes file");
        require("contract", contract, "the outcome contract");
        require("table", table, "the prediction table the outcomes are joined to");
        require("key", key, "the key column shared by the outcomes file and the prediction table");
        require("outcome", outcome, "the outcome column of the file");
        require("positive", positive, "the outcome value that is the positive class");
        if (outcomesTable == null || outcomesTable.isBlank()) outcomesTable = table.replaceAll("/+$", "") + "_outcomes";
        if (knownAt == null || knownAt.isBlank()) knownAt = DEFAULT_KNOWN_AT;
        slices = slices == null ? List.of() : List.copyOf(slices);
        if (outcomesTable.equals(table)) {
            throw new InvalidParameterException("outcomes_table", "outcomes_table: must not be the prediction table " + table);
        }
    }

    private static void require(String name, String value, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidParameterException(name, name + ": required: " + what);
        }
    }

    OutcomesJoinParams withInput(String other) {
        return new OutcomesJoinParams(other, contract, table, outcomesTable, key, outcome, positive, knownAt, slices);
    }
}
