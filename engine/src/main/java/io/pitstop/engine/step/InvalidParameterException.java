package io.pitstop.engine.step;

/**
 * A parameter record's constructor refusing one field's value. Naming the field (as written in the
 * pipeline file, e.g. {@code learning_rate} or {@code hidden/0}) lets {@code check} point at that
 * value's own line and column, not at the enclosing block.
 */
public class InvalidParameterException extends IllegalArgumentException {

    private final String field;

    /**
     * @param field   the field within the record being built, as a relative JSON pointer without the
     *                leading slash ({@code learning_rate}, {@code hidden/0})
     * @param message the whole explanation, e.g. "network.learning_rate must be in (0, 1], was -0.1"
     */
    public InvalidParameterException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
