package io.pitstop.benchmarks;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import io.pitstop.engine.contract.CheckSpec;
import io.pitstop.engine.contract.ColumnSpec;
import io.pitstop.engine.contract.Contract;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.util.Try;
import scala.util.matching.Regex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.UnaryOperator;

/**
 * The validation benchmark's other side: a contract's constraints written with Deequ's own built-in
 * analyzers only ({@code hasMin}, {@code hasMax}, {@code isUnique} where Pitstop's
 * {@code ContractChecks} uses its ColumnExtreme and KeyUniqueness), in the order of Pitstop's report,
 * so the two runs can be timed against each other and their outcomes compared one by one.
 *
 * <p>Built here from the contract (an engine type) and Deequ's public API, so production code carries
 * no switch for it. Each constraint is its own Deequ check; Deequ still plans all of them as one suite
 * and shares their scans, as it does for Pitstop's.
 */
final class DeequBuiltinChecks {

    /** One constraint's result, as Pitstop's report states it: held or not, and the value measured. */
    record Outcome(boolean passed, Double measured) {
    }

    private final List<Check> checks;

    private DeequBuiltinChecks(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Pitstop's constraint order: {@code isComplete} for each non-nullable column, then each check in order. */
    static DeequBuiltinChecks of(Contract contract) {
        List<Check> checks = new ArrayList<>();
        for (ColumnSpec column : contract.columns()) {
            if (!column.nullable()) checks.add(constraint(c -> c.isComplete(column.name(), none(), none())));
        }
        for (CheckSpec spec : contract.checks()) {
            if (spec instanceof CheckSpec.Completeness c) {
                checks.add(constraint(k -> k.hasCompleteness(c.column(), holds(v -> v >= c.min()), none(), none())));
            } else if (spec instanceof CheckSpec.Unique u) {
                checks.add(constraint(k -> k.isUnique(u.column(), none(), none())));
            } else if (spec instanceof CheckSpec.Range r) {
                if (r.min() != null) checks.add(constraint(k -> k.hasMin(r.column(), holds(v -> v >= r.min()), none(), none())));
                if (r.max() != null) checks.add(constraint(k -> k.hasMax(r.column(), holds(v -> v <= r.max()), none(), none())));
            } else if (spec instanceof CheckSpec.AllowedValues a) {
                checks.add(constraint(k -> k.isContainedIn(a.column(), a.values().toArray(String[]::new))));
            } else if (spec instanceof CheckSpec.Pattern p) {
                // As Pitstop does: nulls neither pass nor fail a pattern.
                Regex regex = new Regex(p.regex(), JavaConverters.asScalaBuffer(new ArrayList<String>()).toSeq());
                checks.add(constraint(k -> k.hasPattern(p.column(), regex, holds(v -> v >= 1.0), none(), none(), none())
                        .where(io.pitstop.steps.spark.ColumnNames.quoted(p.column()) + " IS NOT NULL")));
            } else if (spec instanceof CheckSpec.RowCount rc) {
                Function1<Object, Object> within = n -> (rc.min() == null || (Long) n >= rc.min())
                        && (rc.max() == null || (Long) n <= rc.max());
                checks.add(constraint(k -> k.hasSize(within, none())));
            } else if (spec instanceof CheckSpec.Predicate pr) {
                checks.add(constraint(k -> k.satisfies(pr.sql(), pr.name(), holds(v -> v >= 1.0), none(),
                        JavaConverters.asScalaBuffer(new ArrayList<String>()).toList(), none())));
            } else {
                throw new IllegalArgumentException("no built-in Deequ form for check kind " + spec.kind());
            }
        }
        return new DeequBuiltinChecks(checks);
    }

    int constraintCount() {
        return checks.size();
    }

    /** Runs every constraint in one Deequ VerificationSuite run; outcomes in Pitstop's report order. */
    List<Outcome> run(Dataset<Row> data) {
        VerificationResult result = new VerificationSuite().onData(data)
                .addChecks(JavaConverters.asScalaBuffer(checks).toSeq()).run();
        Map<Check, CheckResult> byCheck = JavaConverters.mapAsJavaMap(result.checkResults());
        List<Outcome> outcomes = new ArrayList<>();
        for (Check check : checks) {
            ConstraintResult r = JavaConverters.seqAsJavaList(byCheck.get(check).constraintResults()).get(0);
            Double measured = null;
            if (r.metric().isDefined()) {
                Try<?> value = r.metric().get().value();
                if (value.isSuccess() && value.get() instanceof Number n) measured = n.doubleValue();
            }
            outcomes.add(new Outcome(r.status().equals(ConstraintStatus.Success()), measured));
        }
        return outcomes;
    }

    private static Check constraint(UnaryOperator<Check> add) {
        return add.apply(new Check(CheckLevel.Error(), "deequ built-in", Check.apply$default$3()));
    }

    /** A Deequ assertion on a metric (Scala's {@code Double => Boolean}) from a Java predicate. */
    private static Function1<Object, Object> holds(DoublePredicate test) {
        return metric -> test.test((Double) metric);
    }

    private static <T> Option<T> none() {
        return Option.empty();
    }
}
