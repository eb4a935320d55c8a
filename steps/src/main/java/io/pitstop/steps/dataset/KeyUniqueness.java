package io.pitstop.steps.dataset;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Analyzers$;
import com.amazon.deequ.analyzers.Preconditions$;
import com.amazon.deequ.analyzers.State;
import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Entity;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.BoxedUnit;

import java.util.List;
import java.util.Optional;

/**
 * Deequ's {@code Uniqueness} of one column — among the rows with a value, the share whose value no
 * other row has (rows without one do not count) — proven from 64-bit hashes instead of Deequ's group-by,
 * which shuffles every value. What the contract's {@code unique} checks measure.
 *
 * <p>One job reads the column, counts its rows and non-null values, and gathers a hash of every
 * non-null value on the driver ({@link ColumnHashProof}, 8 bytes a row). Equal values always hash equal, so
 * when every hash differs, every value differs and the uniqueness is exactly 1. When some
 * hashes coincide (a duplicated value, or very rarely two values sharing a hash), when a task gathered
 * too many, when the job fails (hashes beyond {@code spark.driver.maxResultSize}), or for a column whose
 * type's equality is not its bytes' (floating point: 0.0 equals -0.0; decimal, binary),
 * Deequ's own {@code Uniqueness} computes it, so a duplicate costs both. The validation benchmark
 * ({@code benchmarks/run validation}) times the suite with this and with Deequ's group-by.
 */
record KeyUniqueness(String column) implements Analyzer<KeyUniqueness.Share, DoubleMetric> {

    /** The uniqueness (rows with a value no other row has, over the rows with a value), as Deequ's metric. */
    record Share(DoubleMetric metric) implements State<Share> {
        @Override
        public Share sum(Share other) {
            // A refusal, not a gap: Deequ merges states only for incremental runs over stored states
            // (aggregateWith), which Pitstop never starts, and no merge could be right: values unique in
            // two parts of the data need not be unique in both.
            throw new UnsupportedOperationException("the uniqueness of " + metric.instance() + " in two parts of the"
                    + " data does not give its uniqueness in both; incremental Deequ runs cannot use KeyUniqueness");
        }
    }

    @Override
    public Option<Share> computeStateFrom(Dataset<Row> data, Option<String> where) {
        if (where.isDefined()) throw new IllegalArgumentException("KeyUniqueness takes no filter, found " + where.get());
        Optional<ColumnHashProof> proof = ColumnHashProof.gather(data, column);
        if (proof.isEmpty()) return deequs(data); // a type hashes cannot judge, or the gathering job failed
        if (proof.get().nonNull() == 0) return Option.empty(); // as Deequ: no values, no uniqueness
        if (!proof.get().distinct()) return deequs(data);
        return Option.apply(new Share(new DoubleMetric(Entity.Column(), "Uniqueness", column,
                new scala.util.Success<>(1.0), Option.empty())));
    }

    /** Deequ's own group-by: exact, whatever the hashes say; its metric as it is, failure included. */
    private Option<Share> deequs(Dataset<Row> data) {
        Seq<String> columns = JavaConverters.asScalaBuffer(List.of(column)).toList(); // a List, as isUnique passes: messages quote it
        return Option.apply(new Share(new Uniqueness(columns, Option.empty(), Option.empty())
                .calculate(data, Option.empty(), Option.empty(), Option.empty())));
    }

    @Override
    public DoubleMetric computeMetricFrom(Option<Share> state) {
        if (state.isEmpty()) return Analyzers$.MODULE$.metricFromEmpty(this, "Uniqueness", column, Entity.Column());
        return state.get().metric();
    }

    /** Deequ's name for its own analyzer, which Deequ's messages quote. */
    @Override
    public String toString() {
        return "Uniqueness(List(" + column + "),None,None)";
    }

    @Override
    public DoubleMetric toFailureMetric(Exception failure) {
        return Analyzers$.MODULE$.metricFromFailure(failure, "Uniqueness", column, Entity.Column());
    }

    @Override
    public Seq<Function1<StructType, BoxedUnit>> preconditions() {
        return JavaConverters.asScalaBuffer(List.of(Preconditions$.MODULE$.hasColumn(column))).toSeq();
    }
}
