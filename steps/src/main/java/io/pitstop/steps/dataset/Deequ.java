package io.pitstop.steps.dataset;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.AnalysisBasedConstraint;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.constraints.NamedConstraint;
import com.amazon.deequ.metrics.Metric;
import io.pitstop.engine.contract.Severity;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.util.Try;
import scala.util.matching.Regex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pitstop.steps.spark.ColumnNames.quoted;

/**
 * The only class that talks to Deequ's Scala API. Java callers would otherwise have to pass every
 * Scala default argument ({@code Option.empty()}), box assertions into {@code Function1}s and convert
 * Scala collections; here each constraint Pitstop uses is one plain Java method.
 *
 * <p>Checks are immutable: each method returns a new {@link Check} with one more constraint, and
 * Deequ reports constraint results in the order they were added, which is how results are matched
 * back to what the contract declared.
 */
final class Deequ {

    private Deequ() {
    }

    /** One constraint's result: whether it held, the metric it measured (null if it could not), and why not. */
    record Outcome(boolean passed, Double measured, String message) {
    }

    /**
     * What one suite run found: per check, its constraints' outcomes in order; the row count; the value
     * of every extra analyzer asked for (null when Deequ could not compute it); and the results of the
     * shared aggregates (null when none were asked for).
     */
    record Run(Map<Check, List<Outcome>> outcomes, long rows, Map<Analyzer<?, ?>, Double> metrics, Row aggregates) {
    }

    /** One earlier run's metrics as the repository holds them, oldest first when listed. */
    record PastRun(long time, String runId, Map<Analyzer<?, ?>, Double> metrics) {
    }

    /** The Deequ analyzer behind an anomaly metric; equal analyzers are equal keys in the repository. */
    static Analyzer<?, ?> analyzer(io.pitstop.engine.contract.AnomalySpec spec) {
        return switch (spec.metric()) {
            case ROW_COUNT -> new Size(none());
            case COMPLETENESS -> new com.amazon.deequ.analyzers.Completeness(spec.column(), none(), none());
            case MEAN -> new com.amazon.deequ.analyzers.Mean(spec.column(), none());
            case APPROX_DISTINCT -> new com.amazon.deequ.analyzers.ApproxCountDistinct(spec.column(), none());
        };
    }

    /**
     * Appends one run's metrics to a Deequ {@code FileSystemMetricsRepository} (a JSON file), keyed by
     * time and tagged with the dataset and run id, so history can be read back per dataset.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void saveMetrics(org.apache.spark.sql.SparkSession spark, java.nio.file.Path file, String dataset,
                            String runId, long time, Map<Analyzer<?, ?>, Double> metrics) {
        Map<Analyzer, Metric> map = new LinkedHashMap<>();
        metrics.forEach((analyzer, value) -> {
            if (value == null) return; // a metric Deequ could not compute is no baseline for the next run
            var entity = analyzer instanceof Size ? com.amazon.deequ.metrics.Entity.Dataset()
                    : com.amazon.deequ.metrics.Entity.Column();
            String instance = analyzer instanceof Size ? "*" : columnOf(analyzer);
            map.put(analyzer, new com.amazon.deequ.metrics.DoubleMetric(entity, metricName(analyzer), instance,
                    new scala.util.Success<>(value), none()));
        });
        var context = new com.amazon.deequ.analyzers.runners.AnalyzerContext(scalaMap((Map) map));
        var key = new com.amazon.deequ.repository.ResultKey(time, scalaMap(Map.of(TAG_DATASET, dataset, TAG_RUN, runId)));
        new com.amazon.deequ.repository.fs.FileSystemMetricsRepository(spark, file.toString()).save(key, context);
    }

    /** Every run of {@code dataset} in the repository file, oldest first; empty when the file does not exist yet. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<PastRun> loadMetrics(org.apache.spark.sql.SparkSession spark, java.nio.file.Path file, String dataset) {
        if (!java.nio.file.Files.exists(file)) return List.of();
        var results = new com.amazon.deequ.repository.fs.FileSystemMetricsRepository(spark, file.toString()).load()
                .withTagValues(scalaMap(Map.of(TAG_DATASET, dataset))).get();
        List<PastRun> runs = new ArrayList<>();
        for (var r : JavaConverters.seqAsJavaList(results)) {
            Map<Analyzer<?, ?>, Double> values = new LinkedHashMap<>();
            Map<Analyzer, Metric> metricMap = (Map) JavaConverters.mapAsJavaMap(r.analyzerContext().metricMap());
            metricMap.forEach((a, m) -> values.put(a, number(m.value())));
            String run = JavaConverters.mapAsJavaMap(r.resultKey().tags()).getOrDefault(TAG_RUN, "");
            runs.add(new PastRun(r.resultKey().dataSetDate(), run, values));
        }
        runs.sort(java.util.Comparator.comparingLong(PastRun::time)); // stable: same-millisecond runs keep file order
        return List.copyOf(runs);
    }

    static final String TAG_DATASET = "dataset";
    static final String TAG_RUN = "run_id";

    private static String metricName(Analyzer<?, ?> analyzer) {
        if (analyzer instanceof Size) return "Size";
        if (analyzer instanceof com.amazon.deequ.analyzers.Completeness) return "Completeness";
        if (analyzer instanceof com.amazon.deequ.analyzers.Mean) return "Mean";
        return "ApproxCountDistinct";
    }

    private static String columnOf(Analyzer<?, ?> analyzer) {
        if (analyzer instanceof com.amazon.deequ.analyzers.Completeness c) return c.column();
        if (analyzer instanceof com.amazon.deequ.analyzers.Mean m) return m.column();
        if (analyzer instanceof com.amazon.deequ.analyzers.ApproxCountDistinct d) return d.column();
        return "*";
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <K, V> scala.collection.immutable.Map<K, V> scalaMap(Map<K, V> map) {
        return (scala.collection.immutable.Map) JavaConverters.mapAsScalaMap(map).toMap((scala.Predef.$less$colon$less) scala.Predef$.MODULE$.$conforms());
    }

    static Check check(Severity severity, String description) {
        var level = severity == Severity.ERROR ? CheckLevel.Error() : CheckLevel.Warning();
        return new Check(level, description, Check.apply$default$3());
    }

    static Check completeness(Check check, String column, double min) {
        return check.hasCompleteness(column, atLeast(min), none(), none());
    }

    static Check complete(Check check, String column) {
        return check.isComplete(column, none(), none());
    }

    /** Every row has a value no other row has; measured by {@link KeyUniqueness}, not Deequ's group-by. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Check unique(Check check, String column) {
        Function1<Object, Object> isOne = v -> (Double) v == 1.0;
        var constraint = new AnalysisBasedConstraint(new KeyUniqueness(column), isOne, none(), none());
        return check.addConstraint(new NamedConstraint(constraint, "UniquenessConstraint(Uniqueness(" + column + "))"));
    }

    /** The column's minimum is at least {@code min}; measured by {@link ColumnExtreme}, not Deequ's slow Minimum. */
    static Check min(Check check, String column, double min) {
        return bounded(check, ColumnExtreme.minimum(column), atLeast(min), ">= " + min);
    }

    /** The column's maximum is at most {@code max}; measured by {@link ColumnExtreme}, not Deequ's slow Maximum. */
    static Check max(Check check, String column, double max) {
        return bounded(check, ColumnExtreme.maximum(column), atMost(max), "<= " + max);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check bounded(Check check, ColumnExtreme analyzer, Function1<Object, Object> assertion, String bound) {
        // Deequ wraps its own hasMin/hasMax the same way: an analysis-based constraint, named for display.
        var constraint = new AnalysisBasedConstraint(analyzer, assertion, none(), none());
        return check.addConstraint(new NamedConstraint(constraint,
                analyzer.metricName() + "Constraint(" + analyzer.metricName() + "(" + analyzer.column() + ") " + bound + ")"));
    }

    /** Every non-null value is one of {@code values} (Deequ lets nulls through). */
    static Check containedIn(Check check, String column, List<String> values) {
        return check.isContainedIn(column, values.toArray(String[]::new));
    }

    /** Every non-null value matches; nulls are filtered out so they neither pass nor fail the pattern. */
    static Check pattern(Check check, String column, String regex) {
        Regex compiled = new Regex(regex, JavaConverters.asScalaBuffer(new ArrayList<String>()).toSeq());
        return check.hasPattern(column, compiled, atLeast(1.0), none(), none(), none())
                .where(quoted(column) + " IS NOT NULL");
    }

    /** Row count within [min, max]; a null bound is open. */
    static Check size(Check check, Long min, Long max) {
        Function1<Object, Object> within = n -> {
            long rows = (Long) n;
            return (min == null || rows >= min) && (max == null || rows <= max);
        };
        return check.hasSize(within, none());
    }

    /** A Spark SQL boolean expression that holds on every row (compliance 1.0). */
    static Check satisfies(Check check, String sql, String name) {
        return check.satisfies(sql, name, atLeast(1.0), none(),
                JavaConverters.asScalaBuffer(new ArrayList<String>()).toList(), none());
    }

    /**
     * The most fields a plan may have and keep whole-stage code generation, while Deequ's pass runs.
     * Spark's default, 100, counts every aggregation buffer field: the checks plus the profile's aggregates
     * exceed it, and Spark would interpret the whole pass row by row (ContractChecksTest pins that it stays
     * compiled). Spark's method-size guard ({@code spark.sql.codegen.hugeMethodLimit}) is left as it is.
     */
    static final int CODEGEN_MAX_FIELDS = 4_000;

    private static final String MAX_FIELDS_KEY = "spark.sql.codegen.maxFields";

    /**
     * Runs all checks in one {@code VerificationSuite} run, so Deequ plans every analyzer together and
     * shares scans (simple metrics in one pass; each unique column adds one job). The row count rides along,
     * and so do {@code shared}'s aggregates when given.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Run run(Dataset<Row> data, List<Check> checks, List<Analyzer<?, ?>> extra, SharedScanAggregates shared) {
        Analyzer size = new Size(Option.empty());
        VerificationRunBuilder builder = new VerificationSuite().onData(data)
                .addChecks(JavaConverters.asScalaBuffer(checks).toSeq())
                .addRequiredAnalyzer(size);
        // Extra analyzers join the same run, so watching a metric across runs costs no extra scan.
        for (Analyzer a : extra) builder = builder.addRequiredAnalyzer(a);
        if (shared != null) builder = builder.addRequiredAnalyzer((Analyzer) shared);
        // The session's own setting, restored afterwards: steps run one at a time on the shared session.
        var conf = data.sparkSession().conf();
        Option<String> ownSetting = conf.getOption(MAX_FIELDS_KEY);
        VerificationResult result;
        try {
            if (Integer.parseInt(conf.get(MAX_FIELDS_KEY)) < CODEGEN_MAX_FIELDS) conf.set(MAX_FIELDS_KEY, CODEGEN_MAX_FIELDS);
            result = builder.run();
        } finally {
            if (ownSetting.isDefined()) conf.set(MAX_FIELDS_KEY, ownSetting.get());
            else conf.unset(MAX_FIELDS_KEY);
        }

        Map<Check, CheckResult> byCheck = JavaConverters.mapAsJavaMap(result.checkResults());
        Map<Check, List<Outcome>> outcomes = new LinkedHashMap<>();
        for (Check check : checks) {
            List<Outcome> list = new ArrayList<>();
            CheckResult checkResult = byCheck.get(check);
            for (ConstraintResult r : JavaConverters.seqAsJavaList(checkResult.constraintResults())) {
                list.add(outcome(r));
            }
            outcomes.put(check, List.copyOf(list));
        }
        Map<Analyzer, Metric> all = (Map) JavaConverters.mapAsJavaMap(result.metrics());
        Metric<?> rows = all.get(size);
        Double rowCount = rows == null ? null : number(rows.value());
        Map<Analyzer<?, ?>, Double> metrics = new LinkedHashMap<>();
        for (Analyzer a : extra) {
            Metric<?> m = all.get(a);
            metrics.put(a, m == null ? null : number(m.value()));
        }
        // When the shared scan failed (a predicate that fails at run time), every constraint in it reports the
        // failure; the aggregates are then null, and whoever asked for them computes them elsewhere.
        Row aggregates = null;
        if (shared != null) {
            Try<Row> values = ((SharedScanAggregates.Values) all.get(shared)).value();
            if (values.isSuccess()) aggregates = values.get();
        }
        return new Run(outcomes, rowCount == null ? -1 : rowCount.longValue(), metrics, aggregates);
    }

    private static Outcome outcome(ConstraintResult r) {
        boolean passed = r.status().equals(ConstraintStatus.Success());
        Double measured = null;
        String message = r.message().isDefined() ? r.message().get() : "";
        if (r.metric().isDefined()) {
            Try<?> value = r.metric().get().value();
            measured = number(value);
            if (value.isFailure() && message.isEmpty()) message = value.failed().get().getMessage();
        }
        return new Outcome(passed, measured, message);
    }

    private static Double number(Try<?> value) {
        if (value.isSuccess() && value.get() instanceof Number n) return n.doubleValue();
        return null;
    }

    private static Function1<Object, Object> atLeast(double bound) {
        return v -> (Double) v >= bound;
    }

    private static Function1<Object, Object> atMost(double bound) {
        return v -> (Double) v <= bound;
    }

    private static <T> Option<T> none() {
        return Option.empty();
    }
}
