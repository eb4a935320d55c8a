package io.pitstop.steps.score;

/**
 * The predictions of an {@code append} or {@code merge} run do not have the columns of the table they
 * would join: rows of two shapes would sit in one table. Nothing was committed.
 */
public final class IncompatibleTableException extends RuntimeException {

    public IncompatibleTableException(String table, WriteMode mode, String tableSchema, String runSchema) {
        super("mode " + mode.yamlName() + " adds to " + table + ", whose columns are " + tableSchema
                + ", but this run's predictions have " + runSchema + "; score once with mode: replace to start the"
                + " table with the new columns (its earlier versions stay readable by time travel)");
    }
}
