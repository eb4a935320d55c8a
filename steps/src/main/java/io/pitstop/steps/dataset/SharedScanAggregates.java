package io.pitstop.steps.dataset;

import com.amazon.deequ.analyzers.ScanShareableAnalyzer;
import com.amazon.deequ.analyzers.State;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Entity;
import com.amazon.deequ.metrics.Metric;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.util.Failure;
import scala.util.Success;
import scala.util.Try;

import java.util.ArrayList;
import java.util.List;

/**
 * Any Spark aggregates, carried as a Deequ analyzer so that they are computed in Deequ's shared scan
 * with the checks instead of in a scan of their own: the column profile's exact counts and moments
 * ride along this way. The metric's value is the row of their results, in the order given.
 *
 * <p>On large data only Spark's declarative aggregates ({@code count}, {@code min}, {@code avg}, ...) belong
 * here: an imperative one such as {@code approx_count_distinct} or a UDAF turns off whole-stage code
 * generation for Deequ's entire pass. On a small file that is no loss (compiling the pass costs more than
 * interpreting it), so data.validate adds the profile's distributions there too.
 *
 * @param name       what the aggregates are for; two instances with the same name and aggregates are one analyzer
 * @param aggregates the aggregate columns
 */
record SharedScanAggregates(String name, List<Column> aggregates)
        implements ScanShareableAnalyzer<SharedScanAggregates.Values, SharedScanAggregates.Values> {

    SharedScanAggregates {
        if (aggregates.isEmpty()) throw new IllegalArgumentException("no aggregates to compute for " + name);
        aggregates = List.copyOf(aggregates);
    }

    /** The aggregates' results, as state and as metric (there is nothing to derive between them). */
    record Values(String name, Try<Row> value) implements State<Values>, Metric<Row> {
        @Override
        public Values sum(Values other) {
            // A refusal, not a gap: Deequ merges states only for incremental runs over stored states
            // (aggregateWith), which Pitstop never starts; arbitrary results (an average, a stddev) cannot
            // be merged from the results alone.
            throw new UnsupportedOperationException("the results of " + name + " cannot be merged with another"
                    + " part's; incremental Deequ runs cannot use SharedScanAggregates");
        }

        @Override
        public scala.Enumeration.Value entity() {
            return Entity.Dataset();
        }

        @Override
        public String instance() {
            return "*";
        }

        @Override
        public Seq<DoubleMetric> flatten() {
            return JavaConverters.asScalaBuffer(new ArrayList<DoubleMetric>()).toSeq();
        }
    }

    @Override
    public Seq<Column> aggregationFunctions() {
        return JavaConverters.asScalaBuffer(aggregates).toSeq();
    }

    @Override
    public Option<Values> fromAggregationResult(Row result, int offset) {
        Object[] values = new Object[aggregates.size()];
        for (int i = 0; i < values.length; i++) values[i] = result.get(offset + i);
        return Option.apply(new Values(name, new Success<>(RowFactory.create(values))));
    }

    @Override
    public Values computeMetricFrom(Option<Values> state) {
        return state.isDefined() ? state.get()
                : new Values(name, new Failure<>(new IllegalStateException("aggregates " + name + " were not computed")));
    }

    @Override
    public Values toFailureMetric(Exception failure) {
        return new Values(name, new Failure<>(failure));
    }
}
