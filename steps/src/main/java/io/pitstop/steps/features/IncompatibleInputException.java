package io.pitstop.steps.features;

/**
 * The data handed to a feature transform (or a model) lacks a column it needs, or has it with a
 * type it cannot read. Raised before any row is encoded, so a bad scoring input fails the run
 * without writing anything.
 */
public final class IncompatibleInputException extends RuntimeException {

    private final String column;

    public IncompatibleInputException(String column, String message) {
        super("column '" + column + "': " + message);
        this.column = column;
    }

    public String column() {
        return column;
    }
}
