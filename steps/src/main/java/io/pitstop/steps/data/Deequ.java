package io.pitstop.steps.data;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
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

    /** What one suite run found: per check, its constraints' outcomes in order; plus the row count. */
    record Run(Map<Check, List<Outcome>> outcomes, long rows) {
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

    static Check unique(Check check, String column) {
        return check.isUnique(column, none(), none());
    }

    static Check min(Check check, String column, double min) {
        return check.hasMin(column, atLeast(min), none(), none());
    }

    static Check max(Check check, String column, double max) {
        return check.hasMax(column, atMost(max), none(), none());
    }

    /** Every non-null value is one of {@code values} (Deequ lets nulls through). */
    static Check containedIn(Check check, String column, List<String> values) {
        return check.isContainedIn(column, values.toArray(String[]::new));
    }

    /** Every non-null value matches; nulls are filtered out so they neither pass nor fail the pattern. */
    static Check pattern(Check check, String column, String regex) {
        Regex compiled = new Regex(regex, JavaConverters.asScalaBuffer(new ArrayList<String>()).toSeq());
        return check.hasPattern(column, compiled, atLeast(1.0), none(), none(), none())
                .where(quote(column) + " IS NOT NULL");
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

    /** Backticks a column name for the SQL Deequ generates. */
    static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    /**
     * Runs all checks in one {@code VerificationSuite} run, so Deequ plans every analyzer together and
     * shares scans (simple metrics in one pass; uniqueness adds a group-by). The row count rides along.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Run run(Dataset<Row> data, List<Check> checks) {
        Analyzer size = new Size(Option.empty());
        VerificationRunBuilder builder = new VerificationSuite().onData(data)
                .addChecks(JavaConverters.asScalaBuffer(checks).toSeq())
                .addRequiredAnalyzer(size);
        VerificationResult result = builder.run();

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
        Metric<?> rows = (Metric<?>) JavaConverters.mapAsJavaMap(result.metrics()).get(size);
        Double rowCount = rows == null ? null : number(rows.value());
        return new Run(outcomes, rowCount == null ? -1 : rowCount.longValue());
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
