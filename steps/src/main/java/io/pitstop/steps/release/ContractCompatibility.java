package io.pitstop.steps.release;

import io.pitstop.engine.contract.CheckSpec;
import io.pitstop.engine.contract.ColumnSpec;
import io.pitstop.engine.contract.Contract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether a model's new input contract still accepts what the previous one accepted. A breaking
 * change — a column removed or retyped, a column made non-nullable, a category set narrowed —
 * makes the next package a new major version, because callers feeding the old inputs would break.
 */
final class ContractCompatibility {

    private ContractCompatibility() {
    }

    /** Every breaking change from {@code before} to {@code after}, in words; empty when compatible. */
    static List<String> breakingChanges(Contract before, Contract after) {
        List<String> changes = new ArrayList<>();
        Map<String, ColumnSpec> now = after.columns().stream()
                .collect(Collectors.toMap(ColumnSpec::name, Function.identity()));
        for (ColumnSpec old : before.columns()) {
            ColumnSpec current = now.get(old.name());
            if (current == null) {
                changes.add("column '" + old.name() + "' was removed");
            } else if (current.type() != old.type()) {
                changes.add("column '" + old.name() + "' changed type from " + old.type().yamlName() + " to "
                        + current.type().yamlName());
            } else if (old.nullable() && !current.nullable()) {
                changes.add("column '" + old.name() + "' no longer accepts nulls");
            }
        }
        Map<String, List<String>> oldValues = allowedValues(before);
        allowedValues(after).forEach((column, values) -> {
            List<String> previous = oldValues.get(column);
            if (previous == null) {
                changes.add("column '" + column + "' is now limited to " + values);
            } else if (!new HashSet<>(values).containsAll(previous)) {
                var dropped = new ArrayList<>(previous);
                dropped.removeAll(values);
                changes.add("column '" + column + "' no longer accepts " + dropped);
            }
        });
        return changes;
    }

    private static Map<String, List<String>> allowedValues(Contract contract) {
        return contract.checks().stream()
                .filter(c -> c instanceof CheckSpec.AllowedValues)
                .map(c -> (CheckSpec.AllowedValues) c)
                .collect(Collectors.toMap(CheckSpec.AllowedValues::column, CheckSpec.AllowedValues::values,
                        (a, b) -> a.stream().filter(b::contains).toList()));
    }
}
