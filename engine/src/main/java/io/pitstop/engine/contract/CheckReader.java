package io.pitstop.engine.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.yaml.MappingReader;
import io.pitstop.engine.yaml.NearMatch;
import io.pitstop.engine.yaml.NodeDescription;
import io.pitstop.engine.yaml.YamlDocument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the {@code checks:} of a contract. Each kind has its own keys (plus {@code kind} and
 * {@code severity}); a check on a column must name a declared column.
 */
final class CheckReader {

    /** The keys each kind takes besides {@code kind} and {@code severity}: the one list of kinds. */
    static final Map<String, Set<String>> KIND_KEYS = new TreeMap<>(Map.of(
            "completeness", Set.of("column", "min"),
            "unique", Set.of("column"),
            "range", Set.of("column", "min", "max"),
            "allowed_values", Set.of("column", "values"),
            "pattern", Set.of("column", "regex"),
            "row_count", Set.of("min", "max"),
            "predicate", Set.of("name", "sql")));

    private final Set<String> columns;

    CheckReader(Set<String> columns) {
        this.columns = columns;
    }

    List<CheckSpec> read(MappingReader root) {
        List<CheckSpec> out = new ArrayList<>();
        List<MappingReader> items = root.mappings("checks", "a check", false);
        for (MappingReader item : items) {
            int number = Integer.parseInt(item.pointer().substring(item.pointer().lastIndexOf('/') + 1)) + 1;
            Optional<String> kind = item.withPrefix("check #" + number + ": ").string("kind", true);
            if (kind.isEmpty()) continue;
            MappingReader check = item.withPrefix("check #" + number + " (" + kind.get() + "): ");
            Set<String> keys = KIND_KEYS.get(kind.get());
            if (keys == null) {
                check.problem("kind", "unknown check kind '" + kind.get() + "'" + NearMatch.among(kind.get(),
                        KIND_KEYS.keySet()).map(m -> " (did you mean '" + m + "'?)")
                        .orElse("; expected one of: " + String.join(", ", KIND_KEYS.keySet())));
                continue;
            }
            Set<String> allowed = new HashSet<>(keys);
            allowed.add("kind");
            allowed.add("severity");
            allowed.add("applies_to");
            check.allowOnly(allowed);
            int before = check.problemCount();
            Severity severity = severity(check);
            CheckScope scope = scope(check, kind.get());
            CheckSpec spec = switch (kind.get()) {
                case "completeness" -> completeness(check, severity, scope);
                case "unique" -> new CheckSpec.Unique(column(check), severity, check.location(), scope);
                case "range" -> range(check, severity, scope);
                case "allowed_values" -> allowedValues(check, severity, scope);
                case "pattern" -> pattern(check, severity, scope);
                case "row_count" -> rowCount(check, severity, scope);
                default -> new CheckSpec.Predicate(check.string("name", true).orElse(""),
                        check.string("sql", true).orElse(""), severity, check.location(), scope);
            };
            if (check.problemCount() == before) out.add(spec);
        }
        return out;
    }

    static Severity severity(MappingReader check) {
        return check.string("severity", false).map(s -> switch (s) {
            case "error" -> Severity.ERROR;
            case "warning" -> Severity.WARNING;
            default -> {
                check.problem("severity", "severity must be error or warning, found '" + s + "'"
                        + NearMatch.hint(s, List.of("error", "warning")));
                yield Severity.ERROR;
            }
        }).orElse(Severity.ERROR);
    }

    /** {@code applies_to}: training or all; absent takes the kind's default ({@link CheckScope#defaultFor}). */
    private static CheckScope scope(MappingReader check, String kind) {
        List<String> names = java.util.Arrays.stream(CheckScope.values()).map(CheckScope::yamlName).toList();
        return check.string("applies_to", false).map(s -> CheckScope.parse(s).orElseGet(() -> {
            check.problem("applies_to", "applies_to must be one of " + names + ", found '" + s + "'"
                    + NearMatch.hint(s, names));
            return CheckScope.defaultFor(kind);
        })).orElse(CheckScope.defaultFor(kind));
    }

    /** The checked column, which must be declared in {@code columns:}. */
    private String column(MappingReader check) {
        Optional<String> column = check.string("column", true);
        column.filter(c -> !columns.contains(c)).ifPresent(c -> check.problem("column",
                "column '" + c + "' is not declared in columns" + NearMatch.hint(c, columns)));
        return column.orElse("");
    }

    private CheckSpec completeness(MappingReader check, Severity severity, CheckScope scope) {
        String column = column(check);
        double min = check.number("min", true).orElse(1.0);
        if (min < 0 || min > 1) check.problem("min", "min must be a fraction between 0 and 1, found " + min);
        return new CheckSpec.Completeness(column, min, severity, check.location(), scope);
    }

    private CheckSpec range(MappingReader check, Severity severity, CheckScope scope) {
        String column = column(check);
        Double min = check.number("min", false).orElse(null);
        Double max = check.number("max", false).orElse(null);
        bounds(check, min, max);
        return new CheckSpec.Range(column, min, max, severity, check.location(), scope);
    }

    private static CheckSpec rowCount(MappingReader check, Severity severity, CheckScope scope) {
        Long min = check.integer("min", false).orElse(null);
        Long max = check.integer("max", false).orElse(null);
        bounds(check, min == null ? null : min.doubleValue(), max == null ? null : max.doubleValue());
        if (min != null && min < 0) check.problem("min", "min must not be negative, found " + min);
        return new CheckSpec.RowCount(min, max, severity, check.location(), scope);
    }

    private static void bounds(MappingReader check, Double min, Double max) {
        if (!check.has("min") && !check.has("max")) check.problem("needs min, max or both");
        if (min != null && max != null && min > max) {
            check.problem("min", "min " + plain(min) + " is greater than max " + plain(max));
        }
    }

    private CheckSpec allowedValues(MappingReader check, Severity severity, CheckScope scope) {
        String column = column(check);
        List<String> values = new ArrayList<>();
        Optional<JsonNode> list = check.list("values", true);
        list.filter(JsonNode::isEmpty).ifPresent(l -> check.problem("values", "values must list at least one value"));
        list.ifPresent(l -> {
            for (int i = 0; i < l.size(); i++) {
                JsonNode v = l.get(i);
                if (v.isValueNode() && !v.isNull()) {
                    values.add(v.isTextual() ? v.textValue() : v.asText());
                } else {
                    check.problemAt(YamlDocument.child(check.pointer("values"), i),
                            "each allowed value must be a string, number or boolean, found " + NodeDescription.of(v));
                }
            }
        });
        return new CheckSpec.AllowedValues(column, values, severity, check.location(), scope);
    }

    private CheckSpec pattern(MappingReader check, Severity severity, CheckScope scope) {
        String column = column(check);
        Optional<String> regex = check.string("regex", true);
        regex.ifPresent(r -> {
            try {
                java.util.regex.Pattern.compile(r);
            } catch (PatternSyntaxException e) {
                check.problem("regex", "regex '" + r + "' does not compile: " + e.getDescription()
                        + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
            }
        });
        return new CheckSpec.Pattern(column, regex.orElse(""), severity, check.location(), scope);
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
