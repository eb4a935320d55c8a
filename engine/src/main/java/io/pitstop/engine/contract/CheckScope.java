package io.pitstop.engine.contract;

import java.util.Locale;
import java.util.Optional;

/**
 * Which inputs a contract check guards. Training data and a scoring input are not the same thing: a
 * nightly file of new customers has no label yet and may hold one row, so a check on the label or a
 * floor on the training set's size must not refuse it.
 *
 * <pre>
 * checks:
 *   - { kind: row_count, min: 1000 }                       # training only (the default for row_count, completeness)
 *   - { kind: range, column: tenure, min: 0, max: 240 }    # every input that has the column (the default)
 *   - { kind: completeness, column: total_charges, min: 0.99, applies_to: all }   # every batch, even of one row
 * </pre>
 *
 * <p>A scoring input is checked against the model's input contract: the key, the features and the columns
 * scoring carries into the table. A check on any other column (the label, say) never applies to it,
 * whatever its scope.
 */
public enum CheckScope {
    /** Only the data the model is trained on ({@code data.validate}). */
    TRAINING,
    /** Every input: training data and every batch scored. */
    ALL;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CheckScope> parse(String s) {
        for (CheckScope scope : values()) if (scope.yamlName().equals(s)) return Optional.of(scope);
        return Optional.empty();
    }

    /**
     * What a check guards when its contract does not say. A row-count bound and a completeness floor
     * describe a training set: both are rates or sizes, and one new customer with one empty field has a
     * completeness of 0. Scoring watches null rates with its own monitoring, judged only from
     * {@code min_rows} rows on; a column declared {@code nullable: false} is held to it on every input.
     */
    static CheckScope defaultFor(String kind) {
        return kind.equals("row_count") || kind.equals("completeness") ? TRAINING : ALL;
    }
}
