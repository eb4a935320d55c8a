package io.pitstop.steps.data;

import io.pitstop.engine.contract.CheckSpec;
import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.step.Problem;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParseException;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a contract's {@code predicate} checks with Spark's own SQL expression parser, which needs no
 * SparkSession, so that {@code check} refuses {@code sql: "total_charges >= AND tenure"} at once
 * instead of the validate step failing after Spark started and the data was read.
 *
 * <pre>
 * checks:
 *   - { kind: predicate, name: charges_cover_tenure, sql: "total_charges >= monthly_charges OR tenure = 0" }
 * </pre>
 */
final class PredicateSyntax {

    private PredicateSyntax() {
    }

    /** One problem, at the check, for each predicate whose SQL does not parse as an expression. */
    static List<Problem> check(Contract contract) {
        List<Problem> problems = new ArrayList<>();
        for (CheckSpec check : contract.checks()) {
            if (!(check instanceof CheckSpec.Predicate p)) continue;
            try {
                CatalystSqlParser$.MODULE$.parseExpression(p.sql());
            } catch (Exception e) { // Scala declares no exceptions: ParseException is checked in Java's eyes
                String what = e instanceof ParseException ? "does not parse as" : "is not";
                problems.add(at(p, "predicate '" + p.name() + "': sql " + what + " a Spark SQL expression: "
                        + firstLine(e)));
            }
        }
        return problems;
    }

    private static Problem at(CheckSpec.Predicate p, String message) {
        return p.location() == null ? new Problem(java.nio.file.Path.of("?"), 0, 0, message) : Problem.at(p.location(), message);
    }

    /** Spark's message without the echoed statement and caret lines that follow it. */
    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(m);
    }
}
