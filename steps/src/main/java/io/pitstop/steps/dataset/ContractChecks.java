package io.pitstop.steps.dataset;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.checks.Check;
import io.pitstop.engine.contract.AnomalySpec;
import io.pitstop.engine.contract.CheckSpec;
import io.pitstop.engine.contract.ColumnSpec;
import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.contract.Severity;
import io.pitstop.engine.step.Location;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A contract's checks compiled into Deequ: one Deequ {@link Check} per severity (Error, Warning) with
 * one constraint per declared check, plus {@code isComplete} for every column declared
 * {@code nullable: false}. {@link #run} evaluates them all in one {@code VerificationSuite} run.
 *
 * <pre>
 * checks:
 *   - { kind: completeness, column: total_charges, min: 0.99, severity: warning }  # hasCompleteness(>= 0.99)
 *   - { kind: unique, column: customer_id }                                        # uniqueness == 1 (KeyUniqueness)
 *   - { kind: range, column: tenure, min: 0, max: 72 }                             # min >= 0, max <= 72 (ColumnExtreme)
 *   - { kind: allowed_values, column: contract, values: [Month-to-month, One year, Two year] }  # isContainedIn
 *   - { kind: pattern, column: customer_id, regex: "^C[0-9]{6}$" }                # hasPattern(1.0), non-null rows
 *   - { kind: row_count, min: 1000 }                                               # hasSize
 *   - { kind: predicate, name: charges_cover_month, sql: "total_charges >= monthly_charges" }  # satisfies(1.0)
 * </pre>
 */
public final class ContractChecks {

    /** One Deequ constraint and what the report says about it. */
    private record Planned(Severity severity, String kind, String column, String constraint, String expectation,
                           Location location, UnaryOperator<Check> add) {
    }

    private final Contract contract;
    private final List<Planned> planned;

    private ContractChecks(Contract contract, List<Planned> planned) {
        this.contract = contract;
        this.planned = List.copyOf(planned);
    }

    public static ContractChecks compile(Contract contract) {
        List<Planned> planned = new ArrayList<>();
        for (ColumnSpec column : contract.columns()) {
            if (!column.nullable()) {
                String name = column.name();
                planned.add(new Planned(Severity.ERROR, "not_null", name, "completeness(" + name + ") == 1",
                        "== 1 (nullable: false)", locationOf(column.location(), contract),
                        c -> Deequ.complete(c, name)));
            }
        }
        for (CheckSpec spec : contract.checks()) planned.addAll(plan(spec, contract));
        return new ContractChecks(contract, planned);
    }

    /** How many Deequ constraints the contract compiles to. */
    public int constraintCount() {
        return planned.size();
    }

    /**
     * The report; the metrics to add to the dataset's history (the row count and every metric an
     * anomaly check watches) when the run's data is accepted; and the results of the aggregates asked
     * to share the checks' scan, in their order (null when none were asked, or when that scan failed).
     */
    public record Result(VerificationReport report, Map<Analyzer<?, ?>, Double> metrics, Row aggregates) {
    }

    /** Runs every check in one Deequ VerificationSuite run over {@code data}; no anomaly checks. */
    public VerificationReport run(Dataset<Row> data) {
        return run(data, null, "", List.of()).report();
    }

    /**
     * Runs every check, and computes the watched metrics, in one Deequ VerificationSuite run over
     * {@code data}; then holds each of the contract's {@code anomalies} against the latest earlier run
     * in {@code history} (none: every anomaly check passes and says there is no history yet).
     * {@code sharedAggregates}, Spark aggregates of any kind Spark compiles (count, min, avg, ...), are
     * computed in Deequ's scan with the checks, so whoever needs them reads the data no second time.
     */
    public Result run(Dataset<Row> data, MetricHistory history, String runId, List<Column> sharedAggregates) {
        Map<Severity, Check> checks = new EnumMap<>(Severity.class);
        Map<Severity, List<Planned>> order = new EnumMap<>(Severity.class);
        for (Planned p : planned) {
            Check check = checks.computeIfAbsent(p.severity(),
                    s -> Deequ.check(s, contract.dataset() + " " + s.name().toLowerCase() + " checks"));
            checks.put(p.severity(), p.add().apply(check));
            order.computeIfAbsent(p.severity(), s -> new ArrayList<>()).add(p);
        }
        List<Analyzer<?, ?>> watched = new ArrayList<>();
        watched.add(new com.amazon.deequ.analyzers.Size(scala.Option.empty()));
        contract.anomalies().stream().map(Deequ::analyzer).filter(a -> !watched.contains(a)).forEach(watched::add);
        SharedScanAggregates shared = sharedAggregates.isEmpty() ? null
                : new SharedScanAggregates(contract.dataset() + " shared aggregates", sharedAggregates);
        Deequ.Run run = Deequ.run(data, List.copyOf(checks.values()), watched, shared);

        // Deequ keeps constraint order within a check; map results back to what was declared, in contract order.
        Map<Planned, VerificationReport.CheckOutcome> byPlan = new java.util.IdentityHashMap<>();
        checks.forEach((severity, check) -> {
            List<Deequ.Outcome> outcomes = run.outcomes().get(check);
            List<Planned> plans = order.get(severity);
            for (int i = 0; i < plans.size(); i++) {
                Planned p = plans.get(i);
                Deequ.Outcome o = outcomes.get(i);
                byPlan.put(p, new VerificationReport.CheckOutcome(p.kind(), p.column(), p.constraint(), o.measured(),
                        p.expectation(), o.passed(), p.severity(), p.location().toString(),
                        o.passed() ? "" : o.message()));
            }
        });
        List<VerificationReport.CheckOutcome> outcomes = new ArrayList<>(planned.stream().map(byPlan::get).toList());
        if (!contract.anomalies().isEmpty()) {
            List<Deequ.PastRun> past = history == null ? List.of() : history.before(runId);
            for (AnomalySpec a : contract.anomalies()) outcomes.add(anomaly(a, run.metrics().get(Deequ.analyzer(a)), past));
        }
        return new Result(new VerificationReport(contract.file().toString(), contract.dataset(), run.rows(), outcomes),
                run.metrics(), run.aggregates());
    }

    /** Today's value against the latest earlier run that measured the same metric. */
    private VerificationReport.CheckOutcome anomaly(AnomalySpec spec, Double today, List<Deequ.PastRun> past) {
        Analyzer<?, ?> analyzer = Deequ.analyzer(spec);
        Deequ.PastRun last = null;
        for (Deequ.PastRun r : past) if (r.metrics().get(analyzer) != null) last = r;
        String rate = num(spec.maxRateOfChange() * 100) + "%";
        String at = locationOf(spec.location(), contract).toString();
        if (last == null) {
            return new VerificationReport.CheckOutcome("anomaly", spec.column(),
                    spec.describe() + " changes by at most " + rate + " from the last run", today,
                    "no history yet", true, spec.severity(), at,
                    "no earlier run of " + contract.dataset() + " measured " + spec.describe()
                            + ": nothing to compare with, passes; this run starts the history");
        }
        double before = last.metrics().get(analyzer);
        double low = before * (1 - spec.maxRateOfChange());
        double high = before * (1 + spec.maxRateOfChange());
        String expectation = "in [" + num(Math.min(low, high)) + ", " + num(Math.max(low, high)) + "] (run "
                + last.runId() + ": " + num(before) + " ± " + rate + ")";
        String constraint = spec.describe() + " changes by at most " + rate + " from run " + last.runId();
        if (today == null) {
            return new VerificationReport.CheckOutcome("anomaly", spec.column(), constraint, null, expectation, false,
                    spec.severity(), at, spec.describe() + " could not be computed on this data");
        }
        // A baseline of 0 allows no relative change: only 0 again passes.
        double change = before == 0 ? (today == 0 ? 0 : Double.POSITIVE_INFINITY) : (today - before) / Math.abs(before);
        boolean passed = Math.abs(change) <= spec.maxRateOfChange() + 1e-12;
        String message = passed ? "" : spec.describe() + " was " + num(before) + " in run " + last.runId() + " and is "
                + num(today) + " now: a change of " + (Double.isInfinite(change) ? "∞" : num(change * 100) + "%")
                + ", more than the declared " + rate;
        return new VerificationReport.CheckOutcome("anomaly", spec.column(), constraint, today, expectation, passed,
                spec.severity(), at, message);
    }

    private static List<Planned> plan(CheckSpec spec, Contract contract) {
        Severity s = spec.severity() == null ? Severity.ERROR : spec.severity();
        Location at = locationOf(spec.location(), contract);
        // Java 17 has no pattern switch; the sealed interface keeps this list complete by review and tests.
        if (spec instanceof CheckSpec.Completeness c) {
            return List.of(new Planned(s, c.kind(), c.column(),
                    "completeness(" + c.column() + ") >= " + num(c.min()), ">= " + num(c.min()), at,
                    check -> Deequ.completeness(check, c.column(), c.min())));
        }
        if (spec instanceof CheckSpec.Unique u) {
            return List.of(new Planned(s, u.kind(), u.column(),
                    "uniqueness(" + u.column() + ") == 1", "== 1", at, check -> Deequ.unique(check, u.column())));
        }
        if (spec instanceof CheckSpec.Range r) {
            List<Planned> bounds = new ArrayList<>();
            if (r.min() != null) bounds.add(new Planned(s, r.kind(), r.column(),
                    "min(" + r.column() + ") >= " + num(r.min()), ">= " + num(r.min()), at,
                    check -> Deequ.min(check, r.column(), r.min())));
            if (r.max() != null) bounds.add(new Planned(s, r.kind(), r.column(),
                    "max(" + r.column() + ") <= " + num(r.max()), "<= " + num(r.max()), at,
                    check -> Deequ.max(check, r.column(), r.max())));
            return bounds;
        }
        if (spec instanceof CheckSpec.AllowedValues a) {
            return List.of(new Planned(s, a.kind(), a.column(),
                    "share of " + a.column() + " in " + a.values() + " == 1", "== 1", at,
                    check -> Deequ.containedIn(check, a.column(), a.values())));
        }
        if (spec instanceof CheckSpec.Pattern p) {
            return List.of(new Planned(s, p.kind(), p.column(),
                    "share of " + p.column() + " matching /" + p.regex() + "/ == 1", "== 1", at,
                    check -> Deequ.pattern(check, p.column(), p.regex())));
        }
        if (spec instanceof CheckSpec.RowCount rc) {
            String bounds = "[" + (rc.min() == null ? "0" : rc.min()) + ", " + (rc.max() == null ? "∞" : rc.max()) + "]";
            return List.of(new Planned(s, rc.kind(), null, "rows in " + bounds, "in " + bounds, at,
                    check -> Deequ.size(check, rc.min(), rc.max())));
        }
        if (spec instanceof CheckSpec.Predicate pr) {
            return List.of(new Planned(s, pr.kind(), null,
                    pr.name() + ": share of rows where " + pr.sql() + " == 1", "== 1", at,
                    check -> Deequ.satisfies(check, pr.sql(), pr.name())));
        }
        throw new IllegalArgumentException("no Deequ translation for check kind " + spec.kind());
    }

    private static Location locationOf(Location location, Contract contract) {
        return location != null ? location : Location.startOf(contract.file());
    }

    private static String num(double value) {
        return VerificationReport.format(value);
    }
}
