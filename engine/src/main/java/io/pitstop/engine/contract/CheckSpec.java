package io.pitstop.engine.contract;

import io.pitstop.engine.step.Location;

import java.util.List;

/**
 * One declared check. Each kind is a record; the YAML {@code kind:} names it. Every check has a
 * severity and the location it was declared at, so a report can point back to the contract line.
 */
public sealed interface CheckSpec {

    Severity severity();

    Location location();

    /** The YAML kind name, e.g. {@code completeness}. */
    String kind();

    /** The column checked, or null for table-level checks (row count, predicate). */
    String column();

    /** Which inputs the check guards: training data only, or every input (scoring batches too). */
    CheckScope appliesTo();

    /** Fraction of non-null values at least {@code min} (0..1). */
    record Completeness(String column, double min, Severity severity, Location location, CheckScope appliesTo) implements CheckSpec {
        public Completeness(String column, double min, Severity severity, Location location) {
            this(column, min, severity, location, CheckScope.defaultFor("completeness"));
        }

        public String kind() { return "completeness"; }
    }

    /** Every non-null value appears once. */
    record Unique(String column, Severity severity, Location location, CheckScope appliesTo) implements CheckSpec {
        public Unique(String column, Severity severity, Location location) {
            this(column, severity, location, CheckScope.defaultFor("unique"));
        }

        public String kind() { return "unique"; }
    }

    /** Values within [min, max]; either bound may be null (open). */
    record Range(String column, Double min, Double max, Severity severity, Location location, CheckScope appliesTo) implements CheckSpec {
        public Range(String column, Double min, Double max, Severity severity, Location location) {
            this(column, min, max, severity, location, CheckScope.defaultFor("range"));
        }

        public String kind() { return "range"; }
    }

    /** Every non-null value is one of {@code values}. */
    record AllowedValues(String column, List<String> values, Severity severity, Location location, CheckScope appliesTo) implements CheckSpec {
        public AllowedValues(String column, List<String> values, Severity severity, Location location) {
            this(column, values, severity, location, CheckScope.defaultFor("allowed_values"));
        }

        public AllowedValues {
            values = List.copyOf(values);
        }
        public String kind() { return "allowed_values"; }
    }

    /** Every non-null value matches the regular expression. */
    record Pattern(String column, String regex, Severity severity, Location location, CheckScope appliesTo) implements CheckSpec {
        public Pattern(String column, String regex, Severity severity, Location location) {
            this(column, regex, severity, location, CheckScope.defaultFor("pattern"));
        }

        public String kind() { return "pattern"; }
    }

    /** Row count within [min, max]; either bound may be null. */
    record RowCount(Long min, Long max, Severity severity, Location location, CheckScope appliesTo) implements CheckSpec {
        public RowCount(Long min, Long max, Severity severity, Location location) {
            this(min, max, severity, location, CheckScope.defaultFor("row_count"));
        }

        public String kind() { return "row_count"; }
        public String column() { return null; }
    }

    /** A Spark SQL boolean expression that must hold for every row. */
    record Predicate(String name, String sql, Severity severity, Location location, CheckScope appliesTo) implements CheckSpec {
        public Predicate(String name, String sql, Severity severity, Location location) {
            this(name, sql, severity, location, CheckScope.defaultFor("predicate"));
        }

        public String kind() { return "predicate"; }
        public String column() { return null; }
    }
}
