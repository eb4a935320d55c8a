package io.pitstop.engine.contract;

import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.yaml.MappingReader;
import io.pitstop.engine.yaml.NearMatch;
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
 * checks:
 *   - { kind: pattern, column: customer_id, regex: "^C[0-9]{6}$" }
 * </pre>
 */
public final class ContractLoader {

    static final Set<String> TOP_KEYS = Set.of("dataset", "description", "columns", "checks", "anomalies", "drift");
    static final Set<String> COLUMN_KEYS = Set.of("name", "type", "nullable");

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
            if (name.isEmpty()) continue;
            ColumnSpec first = out.get(name.get());
            if (first != null) {
                c.problem("name", "duplicate column '" + name.get() + "' (first declared at line "
                        + first.location().line() + ")");
            } else if (type.isPresent()) {
                out.put(name.get(), new ColumnSpec(name.get(), type.get(), nullable, c.location()));
            } else {
                // Keep the name so checks on it are not also reported as undeclared.
                out.put(name.get(), new ColumnSpec(name.get(), ColumnType.STRING, nullable, c.location()));
            }
        }
        return out;
    }
}
