package io.pitstop.engine.step;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A parameter record's constructor refusing one field's value, or several at once. Naming the field
 * (as written in the pipeline file, e.g. {@code learning_rate} or {@code hidden/0}) lets {@code check}
 * point at that value's own line and column, not at the enclosing block; carrying every refusal of
 * one record (see {@link ParameterProblems}) lets it report them all in one pass.
 */
public class InvalidParameterException extends IllegalArgumentException {

    private final String field;
    private final List<InvalidParameterException> all;

    /**
     * @param field   the field within the record being built, as a relative JSON pointer without the
     *                leading slash ({@code learning_rate}, {@code hidden/0}); empty for the record itself
     * @param message the whole explanation, e.g. "network.learning_rate must be in (0, 1], was -0.1"
     */
    public InvalidParameterException(String field, String message) {
        super(message);
        this.field = field;
        this.all = List.of(this);
    }

    /** Several refusals of one record, reported together; the first names the field. */
    InvalidParameterException(List<InvalidParameterException> each) {
        super(each.stream().map(Throwable::getMessage).collect(Collectors.joining("; ")));
        if (each.isEmpty()) throw new IllegalArgumentException("no refusals to report");
        this.field = each.get(0).field;
        this.all = List.copyOf(each);
    }

    public String field() {
        return field;
    }

    /** Every refusal this exception carries: itself alone, or each one collected. */
    public List<InvalidParameterException> all() {
        return all;
    }
}
