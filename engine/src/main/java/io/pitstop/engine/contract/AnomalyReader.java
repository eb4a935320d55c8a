package io.pitstop.engine.contract;

import io.pitstop.engine.yaml.MappingReader;
import io.pitstop.engine.yaml.NearMatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code anomalies:} of a contract.
 *
 * <pre>
 * anomalies:
 *   - { metric: row_count, max_rate_of_change: 0.5, severity: warning }
 *   - { metric: completeness, column: total_charges, max_rate_of_change: 0.1 }
 * </pre>
 */
final class AnomalyReader {

    static final Set<String> KEYS = Set.of("metric", "column", "max_rate_of_change", "severity");

    private final Map<String, ColumnSpec> columns;

    AnomalyReader(Map<String, ColumnSpec> columns) {
        this.columns = columns;
    }

    List<AnomalySpec> read(MappingReader root) {
        List<AnomalySpec> out = new ArrayList<>();
        List<MappingReader> items = root.mappings("anomalies", "an anomaly check", false);
        for (MappingReader item : items) {
            int number = Integer.parseInt(item.pointer().substring(item.pointer().lastIndexOf('/') + 1)) + 1;
            MappingReader a = item.withPrefix("anomaly check #" + number + ": ");
            a.allowOnly(KEYS);
            int before = a.problemCount();
            Optional<AnomalyMetric> metric = a.string("metric", true).flatMap(m -> {
                Optional<AnomalyMetric> known = AnomalyMetric.ofYaml(m);
                if (known.isEmpty()) {
                    a.problem("metric", "unknown metric '" + m + "'" + NearMatch.among(m, AnomalyMetric.yamlNames())
                            .map(n -> " (did you mean '" + n + "'?)")
                            .orElse("; expected one of: " + String.join(", ", AnomalyMetric.yamlNames())));
                }
                return known;
            });
            String column = column(a, metric.orElse(null));
            double rate = a.number("max_rate_of_change", true).orElse(1.0);
            if (a.has("max_rate_of_change") && !(rate > 0)) {
                a.problem("max_rate_of_change", "max_rate_of_change must be greater than 0, found " + rate);
            }
            Severity severity = CheckReader.severity(a);
            if (a.problemCount() == before && metric.isPresent()) {
                out.add(new AnomalySpec(metric.get(), column, rate, severity, a.location()));
            }
        }
        return out;
    }

    private String column(MappingReader a, AnomalyMetric metric) {
        if (metric == null) return a.string("column", false).orElse(null);
        if (!metric.needsColumn()) {
            if (a.has("column")) a.problem("column", metric.yamlName() + " is measured on the whole dataset and takes no column");
            return null;
        }
        Optional<String> column = a.string("column", true);
        column.ifPresent(c -> {
            ColumnSpec spec = columns.get(c);
            if (spec == null) {
                a.problem("column", "column '" + c + "' is not declared in columns" + NearMatch.hint(c, columns.keySet()));
            } else if (metric.needsNumericColumn() && !isNumeric(spec.type())) {
                a.problem("column", metric.yamlName() + " needs a numeric column; '" + c + "' is declared "
                        + spec.type().yamlName());
            }
        });
        return column.orElse(null);
    }

    private static boolean isNumeric(ColumnType type) {
        return type == ColumnType.INTEGER || type == ColumnType.LONG || type == ColumnType.DOUBLE;
    }
}
