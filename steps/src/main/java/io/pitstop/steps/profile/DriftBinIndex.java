package io.pitstop.steps.profile;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

import java.util.List;

import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * The Spark expression that puts a row's value in one of a column's {@link DatasetProfile.DriftBins}. The
 * profiler counts the training rows with it and drift bins new data with it, so a value lands in the same
 * bin on both sides.
 */
public final class DriftBinIndex {

    private DriftBinIndex() {
    }

    /** The value as drift compares a numeric column: a double, with NaN treated as missing. */
    public static Column number(Column column) {
        Column x = column.cast(DataTypes.DoubleType);
        return when(isnan(x), lit(null).cast(DataTypes.DoubleType)).otherwise(x);
    }

    /**
     * The range bin of a numeric value, 0 … edges.size(): bin 0 is (−∞, e₀], bin i is (eᵢ₋₁, eᵢ], the last
     * (eₙ₋₁, ∞); null for null or NaN.
     */
    public static Column range(Column column, List<Double> edges) {
        Column x = number(column);
        Column bin = when(x.isNull(), lit(null).cast(DataTypes.IntegerType));
        for (int i = 0; i < edges.size(); i++) bin = bin.when(x.leq(edges.get(i)), i);
        return bin.otherwise(edges.size());
    }
}
