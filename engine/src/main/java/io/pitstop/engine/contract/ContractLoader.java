package io.pitstop.engine.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.yaml.MappingReader;
import io.pitstop.engine.yaml.NearMatch;
import io.pitstop.engine.yaml.NodeDescription;
import io.pitstop.engine.yaml.YamlDocument;
import io.pitstop.engine.yaml.YamlReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads {@code data-contracts/*.yaml} strictly: every problem is reported with file:line:column,
 * all of them at once. The columns are read first so each check can be held to a declared column.
 *
 * <pre>
 * dataset: telco_churn
 * columns:
 *   - { name: customer_id, type: string, nullable: false }
 *   - { name: row_key, type: string, nullable: false, derived: { hash_of: [customer_id, signup_date] } }
 * checks:
 *   - { kind: pattern, column: customer_id, regex: "^C[0-9]{6}$" }
 * </pre>
 */
public final class ContractLoader {

    static final Set<String> TOP_KEYS = Set.of("dataset", "description", "columns", "checks", "anomalies", "drift");
    static final Set<String> COLUMN_KEYS = Set.of("name", "type", "nullable", "derived");
    static final Set<String> DERIVED_KEYS = Set.of("hash_of");

    private ContractLoader() {
    }

    /** @throws io.pitstop.engine.spec.SpecException listing every problem in the file */
    public static Contract load(Path file) {
        YamlDocument doc = YamlReader.read(file);
        List<Problem> problems = new ArrayList<>(doc.problems());
        Optional<MappingReader> top = MappingReader.of(doc, "", "a data contract", "", problems);
        if (top.isEmpty()) throw new SpecException(problems);
        MappingReader root = top.get();
        root.allowOnly(TOP_KEYS);
        Optional<String> dataset = root.string("dataset", true);
        String description = root.string("description", false).orElse("");
        Map<String, ColumnSpec> columns = columns(root);
        List<CheckSpec> checks = new CheckReader(columns.keySet()).read(root);
        List<AnomalySpec> anomalies = new AnomalyReader(columns).read(root);
        DriftSpec drift = DriftReader.read(root).orElse(null);
        if (!problems.isEmpty()) throw new SpecException(problems);
        return new Contract(file, dataset.orElseThrow(), description, List.copyOf(columns.values()), checks,
                anomalies, drift);
    }

    private static Map<String, ColumnSpec> columns(MappingReader root) {
        Map<String, ColumnSpec> out = new LinkedHashMap<>();
        Map<String, MappingReader> derivations = new LinkedHashMap<>();
        List<String> typeNames = Arrays.stream(ColumnType.values()).map(ColumnType::yamlName).toList();
        // Required and non-empty: a contract with no schema would type nothing and let any dataset through.
        root.list("columns", true).filter(items -> items.isEmpty())
                .ifPresent(items -> root.problem("columns", "columns: declare at least one column"));
        for (MappingReader column : root.mappings("columns", "a column", false)) {
            Optional<String> name = column.string("name", true);
            MappingReader c = name.map(n -> column.withPrefix("column '" + n + "': ")).orElse(column);
            c.allowOnly(COLUMN_KEYS);
            Optional<ColumnType> type = c.string("type", true).flatMap(t -> {
                Optional<ColumnType> known = Arrays.stream(ColumnType.values()).filter(v -> v.yamlName().equals(t))
                        .findFirst();
                if (known.isEmpty()) {
                    c.problem("type", "unknown type '" + t + "'" + NearMatch.among(t, typeNames)
                            .map(m -> " (did you mean '" + m + "'?)")
                            .orElse("; expected one of: " + String.join(", ", typeNames)));
                }
                return known;
            });
            boolean nullable = c.bool("nullable", false).orElse(true);
            ColumnDerivation derived = derivation(c, name.map(n -> "column '" + n + "': ").orElse("")).orElse(null);
            if (derived != null) {
                derivations.put(name.orElse(""), c);
                // The key is hex text; another declared type would promise values it never has.
                type.filter(t -> t != ColumnType.STRING).ifPresent(t -> c.problem("type", "a derived column is a"
                        + " string (the hex SHA-256 of its sources), so its type must be string, found '"
                        + t.yamlName() + "'"));
            }
            if (name.isEmpty()) continue;
            ColumnSpec first = out.get(name.get());
            if (first != null) {
                c.problem("name", "duplicate column '" + name.get() + "' (first declared at line "
                        + first.location().line() + ")");
            } else if (type.isPresent()) {
                out.put(name.get(), new ColumnSpec(name.get(), type.get(), nullable, c.location(), derived));
            } else {
                // Keep the name so checks on it are not also reported as undeclared.
                out.put(name.get(), new ColumnSpec(name.get(), ColumnType.STRING, nullable, c.location(), derived));
            }
        }
        derivations.forEach((name, c) -> sources(name, c, out));
        return out;
    }

    /** {@code derived: { hash_of: [...] }}: its shape only; the names are checked once every column is known. */
    private static Optional<ColumnDerivation> derivation(MappingReader column, String prefix) {
        if (!column.has("derived")) return Optional.empty();
        Optional<MappingReader> derived = column.mapping("derived", false, prefix + "derived: ");
        if (derived.isEmpty()) return Optional.empty();
        MappingReader d = derived.get();
        d.allowOnly(DERIVED_KEYS);
        Optional<JsonNode> list = d.list("hash_of", true);
        if (list.isEmpty()) return Optional.empty();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.get().size(); i++) {
            JsonNode item = list.get().get(i);
            if (item.isTextual() && !item.textValue().isBlank()) {
                names.add(item.textValue());
            } else {
                d.problemAt(YamlDocument.child(d.pointer("hash_of"), i),
                        "each hash_of entry must be a column name, found " + NodeDescription.of(item));
                return Optional.empty();
            }
        }
        if (names.isEmpty()) {
            d.problem("hash_of", "hash_of must list at least one column");
            return Optional.empty();
        }
        return Optional.of(new ColumnDerivation(names));
    }

    /** Each source of a derived column is declared, read from the file (not derived), and listed once. */
    private static void sources(String name, MappingReader column, Map<String, ColumnSpec> columns) {
        ColumnSpec spec = columns.get(name);
        if (spec == null || spec.derived() == null) return;
        String at = column.pointer("derived") + "/hash_of";
        Set<String> seen = new java.util.HashSet<>();
        List<String> sources = spec.derived().hashOf();
        for (int i = 0; i < sources.size(); i++) {
            String source = sources.get(i);
            String where = YamlDocument.child(at, i);
            ColumnSpec declared = columns.get(source);
            if (!seen.add(source)) {
                column.problemAt(where, "hash_of lists '" + source + "' twice");
            } else if (source.equals(name)) {
                column.problemAt(where, "hash_of cannot name the derived column itself");
            } else if (declared == null) {
                column.problemAt(where, "hash_of names '" + source + "', which is not declared in columns"
                        + NearMatch.hint(source, columns.keySet()));
            } else if (declared.isDerived()) {
                column.problemAt(where, "hash_of names '" + source + "', which is derived itself; name the columns"
                        + " it is derived from");
            }
        }
    }
}
