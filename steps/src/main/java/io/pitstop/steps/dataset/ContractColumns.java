package io.pitstop.steps.dataset;

import io.pitstop.engine.contract.CheckSpec;
import io.pitstop.engine.contract.ColumnSpec;
import io.pitstop.engine.contract.ColumnType;
import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.ValidationContext;
import io.pitstop.engine.yaml.NearMatch;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The columns a step names (a label, a key, features, slices), judged at {@code check} against the
 * contracts validated upstream of it ({@link ValidationContext#upstreamContracts()}): each must be
 * declared, with a type the step can use. With no contract upstream there is nothing to judge
 * against, and nothing is reported.
 *
 * <pre>
 * var columns = new ContractColumns(ctx);
 * columns.require("/label", "label", params.label(), ContractColumns.NUMERIC, "a number (task regression)")
 *        .ifPresent(problems::add);
 * </pre>
 */
public final class ContractColumns {

    /** Types Spark reads as numbers: what a numeric feature or a regression label needs. */
    public static final Set<ColumnType> NUMERIC = EnumSet.of(ColumnType.INTEGER, ColumnType.LONG, ColumnType.DOUBLE);
    /** What a categorical feature is one-hot encoded from. */
    public static final Set<ColumnType> TEXT = EnumSet.of(ColumnType.STRING);
    public static final Set<ColumnType> ANY = EnumSet.allOf(ColumnType.class);

    private final ValidationContext ctx;
    private final List<Contract> contracts;

    public ContractColumns(ValidationContext ctx) {
        this.ctx = ctx;
        this.contracts = ctx.upstreamContracts();
    }

    /** Whether a contract upstream can be judged against at all. */
    public boolean known() {
        return !contracts.isEmpty();
    }

    /** The column as the first upstream contract that declares it declares it. */
    public Optional<ColumnSpec> column(String name) {
        return contracts.stream().flatMap(c -> c.column(name).stream()).findFirst();
    }

    /**
     * A problem at {@code pointer} when {@code name} is not a declared column, or is one of a type
     * outside {@code usable}.
     *
     * @param role   what the step calls the column ("label", "feature", "slice column")
     * @param wanted the usable types in words, e.g. "a number"
     */
    public Optional<Problem> require(String pointer, String role, String name, Set<ColumnType> usable, String wanted) {
        if (!known() || name == null) return Optional.empty();
        Optional<ColumnSpec> column = column(name);
        if (column.isEmpty()) {
            Set<String> declared = contracts.stream().flatMap(c -> c.columns().stream()).map(ColumnSpec::name)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            return Optional.of(ctx.problemAt(pointer, role + " '" + name + "' is not a column of " + files()
                    + NearMatch.among(name, declared).map(m -> " (did you mean '" + m + "'?)")
                    .orElse("; it declares: " + String.join(", ", declared))));
        }
        ColumnType type = column.get().type();
        if (!usable.contains(type)) {
            return Optional.of(ctx.problemAt(pointer, role + " '" + name + "' is declared " + type.yamlName() + " in "
                    + files() + "; it must be " + wanted));
        }
        return Optional.empty();
    }

    /** The values an {@code allowed_values} check of the contracts lets {@code name} take, if one does. */
    public Optional<List<String>> allowedValues(String name) {
        return contracts.stream().flatMap(c -> c.checks().stream())
                .filter(c -> c instanceof CheckSpec.AllowedValues a && a.column().equals(name))
                .map(c -> ((CheckSpec.AllowedValues) c).values())
                .findFirst();
    }

    /**
     * A problem at {@code pointer} when {@code value} is not among the values an {@code allowed_values}
     * check declares for {@code column}, with the value it differs from only by case as the likely fix.
     */
    public Optional<Problem> requireAllowed(String pointer, String role, String value, String column) {
        Optional<List<String>> allowed = allowedValues(column);
        if (allowed.isEmpty() || value == null || allowed.get().contains(value)) return Optional.empty();
        Optional<String> sameLetters = allowed.get().stream().filter(v -> v.equalsIgnoreCase(value)).findFirst();
        String hint = sameLetters.or(() -> NearMatch.among(value, allowed.get()))
                .map(m -> " (did you mean '" + m + "'?)").orElse("");
        return Optional.of(ctx.problemAt(pointer, role + " '" + value + "' is not a value of '" + column + "': "
                + files() + " allows only " + allowed.get() + hint));
    }

    private String files() {
        Collection<String> names = contracts.stream().map(c -> relative(c)).distinct().toList();
        return names.size() == 1 ? "the contract " + names.iterator().next() : "the contracts " + names;
    }

    private String relative(Contract c) {
        var abs = c.file().toAbsolutePath().normalize();
        return abs.startsWith(ctx.projectDir()) ? ctx.projectDir().relativize(abs).toString() : abs.toString();
    }
}
