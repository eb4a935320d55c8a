package io.pitstop.engine.step;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects a params record's refusals so that its compact constructor reports every bad value at
 * once, each at its own field, instead of stopping at the first (a person fixing a pipeline should
 * see the whole list in one {@code check}).
 *
 * <pre>
 * var problems = new ParameterProblems();
 * if (epochs &lt; 1) problems.add("epochs", "network.epochs must be &gt;= 1, was " + epochs);
 * if (batchSize &lt; 1) problems.add("batch_size", "network.batch_size must be &gt;= 1, was " + batchSize);
 * problems.throwIfAny();
 * </pre>
 */
public final class ParameterProblems {

    private final List<InvalidParameterException> found = new ArrayList<>();

    /**
     * @param field the field, as a relative JSON pointer without the leading slash; empty for the record
     */
    public void add(String field, String message) {
        found.add(new InvalidParameterException(field, message));
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** @throws InvalidParameterException carrying every refusal added, when there is one */
    public void throwIfAny() {
        if (found.size() == 1) throw found.get(0);
        if (!found.isEmpty()) throw new InvalidParameterException(found);
    }
}
