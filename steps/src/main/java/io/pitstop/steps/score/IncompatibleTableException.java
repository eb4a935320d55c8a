package io.pitstop.steps.score;

/**
 * The predictions of an {@code append} or {@code merge} run do not have the columns of the table they
 * would join: rows of two shapes would sit in one table. Nothing was written or committed. A retry would
 * meet the same table, so this is a configuration error (exit 2, not retried), located at {@code mode}.
 */
public final class IncompatibleTableException extends io.pitstop.engine.step.InvalidParameterException {

    public IncompatibleTableException(String table, WriteMode mode, String tableSchema, String runSchema) {
        super("mode", "mode " + mode.yamlName() + " adds to " + table + ", whose columns are " + tableSchema
                + ", but this run's predictions have " + runSchema + "; score once with mode: replace to start the"
                + " table with the new columns (its earlier versions stay readable by time travel)");
    }
}
