package io.pitstop.steps.dataset;

import com.amazon.deequ.analyzers.Analyzers$;
import com.amazon.deequ.analyzers.Preconditions$;
import com.amazon.deequ.analyzers.ScanShareableAnalyzer;
import com.amazon.deequ.analyzers.State;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Entity;
import io.pitstop.steps.spark.ColumnNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.BoxedUnit;

import java.util.List;

import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

/**
 * A Deequ analyzer for a numeric column's minimum or maximum, as one plain Spark aggregate in Deequ's
 * shared scan; what the contract's {@code range} checks measure.
 *
 * <p>Why not Deequ's own {@code Minimum} and {@code Maximum}: in Deequ 2.1.0 they wrap every value for
 * row-level results ({@code element_at(array('InScopeData', cast(x as string)), 2)} cast back to double),
 * so each row's value goes through a string and back for every bound. As plain {@code min}/{@code max}
 * they cost next to nothing; the validation benchmark ({@code benchmarks/run validation}) times the
 * suite with Deequ's Minimum, Maximum and Uniqueness against Pitstop's. The metric is the same
 * {@code DoubleMetric}, with the same preconditions (the column exists and is numeric), the same failure
 * for a column of only nulls, and the same name in messages. The same value too, for every numeric type
 * a contract declares (integer, long, double); a float would differ, as Deequ's detour through a string
 * rounds it to its shortest decimal.
 */
record ColumnExtreme(String column, boolean maximum) implements ScanShareableAnalyzer<ColumnExtreme.Extreme, DoubleMetric> {

    /** The running minimum or maximum; states of two partitions combine into one. */
    record Extreme(double value, boolean maximum) implements State<Extreme> {
        @Override
        public Extreme sum(Extreme other) {
            return new Extreme(maximum ? Math.max(value, other.value) : Math.min(value, other.value), maximum);
        }
    }

    static ColumnExtreme minimum(String column) {
        return new ColumnExtreme(column, false);
    }

    static ColumnExtreme maximum(String column) {
        return new ColumnExtreme(column, true);
    }

    /** Deequ's name for its own analyzer, which Deequ's messages quote. */
    @Override
    public String toString() {
        return metricName() + "(" + column + ",None,None)";
    }

    String metricName() {
        return maximum ? "Maximum" : "Minimum";
    }

    @Override
    public Seq<Column> aggregationFunctions() {
        Column x = ColumnNames.column(column).cast(DataTypes.DoubleType);
        return JavaConverters.asScalaBuffer(List.of(maximum ? max(x) : min(x))).toSeq();
    }

    @Override
    public Option<Extreme> fromAggregationResult(Row result, int offset) {
        if (result.isNullAt(offset)) return Option.empty(); // only nulls: no extreme, as in Deequ
        return Option.apply(new Extreme(result.getDouble(offset), maximum));
    }

    @Override
    public DoubleMetric computeMetricFrom(Option<Extreme> state) {
        if (state.isEmpty()) return Analyzers$.MODULE$.metricFromEmpty(this, metricName(), column, Entity.Column());
        return new DoubleMetric(Entity.Column(), metricName(), column, new scala.util.Success<>(state.get().value()),
                Option.empty());
    }

    @Override
    public DoubleMetric toFailureMetric(Exception failure) {
        return Analyzers$.MODULE$.metricFromFailure(failure, metricName(), column, Entity.Column());
    }

    @Override
    public Seq<Function1<StructType, BoxedUnit>> preconditions() {
        return JavaConverters.asScalaBuffer(List.of(Preconditions$.MODULE$.hasColumn(column),
                Preconditions$.MODULE$.isNumeric(column))).toSeq();
    }
}
