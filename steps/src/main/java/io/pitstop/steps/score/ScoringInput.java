package io.pitstop.steps.score;

import io.pitstop.engine.contract.CheckSpec;
import io.pitstop.engine.contract.Contract;
import io.pitstop.steps.model.ModelDescriptor;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import scala.collection.JavaConverters;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a batch to score must be: the model's input contract, cut from the contract the model was
 * trained under. A scoring input needs the key, the features and the columns scoring carries into the
 * table — not the label (new customers have none), and it is held only to the checks that guard every
 * input ({@link io.pitstop.engine.contract.CheckScope#ALL}), so neither a label check nor the training
 * set's row-count floor refuses a batch of one row.
 */
final class ScoringInput {

    private ScoringInput() {
    }

    /** The columns a batch must have, in order: the key, the features, then the carried columns. */
    static List<String> columns(ModelDescriptor model, List<String> carried) {
        var names = new LinkedHashSet<String>();
        names.add(model.key());
        names.addAll(model.features().columns());
        names.addAll(carried);
        return List.copyOf(names);
    }

    /**
     * The training contract restricted to a scoring input's columns ({@link Contract#forInput}), minus
     * any SQL predicate that names a column the input does not have (a rule relating the label to a
     * feature, say): it cannot be evaluated on a batch without that column.
     */
    static Contract contract(Contract trained, ModelDescriptor model, List<String> carried) {
        List<String> columns = columns(model, carried);
        Contract input = trained.forInput(columns);
        Set<String> present = Set.copyOf(input.columns().stream().map(c -> c.name()).toList());
        List<CheckSpec> checks = new ArrayList<>();
        for (CheckSpec check : input.checks()) {
            if (check instanceof CheckSpec.Predicate p && !present.containsAll(referencedColumns(p.sql()))) continue;
            checks.add(check);
        }
        return new Contract(input.file(), input.dataset(), input.description(), input.columns(), checks,
                input.anomalies(), input.drift());
    }

    /** The column names a SQL boolean expression reads, from Spark's own parser (no session needed). */
    static Set<String> referencedColumns(String sql) {
        var names = new LinkedHashSet<String>();
        collect(CatalystSqlParser$.MODULE$.parseExpression(sql), names);
        return names;
    }

    private static void collect(Expression e, Set<String> names) {
        if (e instanceof UnresolvedAttribute a) {
            List<String> parts = JavaConverters.seqAsJavaList(a.nameParts());
            names.add(parts.get(parts.size() - 1));
            return;
        }
        for (Expression child : JavaConverters.seqAsJavaList(e.children())) collect(child, names);
    }
}
