package io.pitstop.steps.profile;

import io.pitstop.steps.profile.DatasetProfile.CategoricalStats;
import io.pitstop.steps.profile.DatasetProfile.ColumnProfile;
import io.pitstop.steps.profile.DatasetProfile.NumericStats;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.struct;

/**
 * Profiles a typed DataFrame cheaply: sketches, not exact answers, and <b>two scans of the data</b>
 * (two Spark jobs) whatever the number of columns:
 * <ol>
 *   <li>one aggregation computes every column's non-null count and HyperLogLog++ distinct count, and
 *       every numeric column's min, max, mean, stddev and approximate deciles ({@code percentile_approx},
 *       a Greenwald–Khanna sketch), plus the row count;</li>
 *   <li>one grouped pass counts the values of all string columns together: each row is exploded into
 *       (column, value) pairs, grouped once, and a window keeps each column's {@code maxValues} most
 *       frequent values, so a high-cardinality key never reaches the driver. A column whose approximate
 *       distinct count (scan 1) exceeds {@code maxDistinctCounted} — a unique key — is left out of this
 *       pass and keeps no values (all count as other).</li>
 * </ol>
 * Deequ's default {@code ColumnProfilerRunner} keeps every distinct value for exact quantiles and costs
 * ~60× a scan (STACK.md); the same metrics as Deequ analyzers (KLL sketches, ApproxCountDistinct) ran
 * in more passes than this — see {@code DatasetProfilerTest} for the measured comparison.
 */
public final class DatasetProfiler {

    /** The quantiles stored per numeric column: the deciles, which are also drift's bins. */
    static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    /** percentile_approx accuracy: relative rank error 1/accuracy (0.1%), a few KB of sketch per column. */
    private static final int QUANTILE_ACCURACY = 1000;

    public static final int DEFAULT_MAX_VALUES = 100;

    /**
     * Above this many (approximately) distinct values a string column's values are not counted: on 10 M
     * rows a unique key made scan 2 group 10 M pairs and rank them in one window partition, for a top list
     * of values seen once each. Leaving it out measured a profile of 92 s against 106 s (one noisy run
     * each, benchmarks/results/validation.md): a saving, not the fix for the 2x target.
     */
    public static final long DEFAULT_MAX_DISTINCT_COUNTED = 100_000;

    private final int maxValues;
    private final long maxDistinctCounted;

    public DatasetProfiler() {
        this(DEFAULT_MAX_VALUES, DEFAULT_MAX_DISTINCT_COUNTED);
    }

    /**
     * @param maxValues          how many of a string column's most frequent values to keep; the rest count as other
     * @param maxDistinctCounted a string column with more approximate distinct values than this keeps no values:
     *                           all its non-null values count as other
     */
    public DatasetProfiler(int maxValues, long maxDistinctCounted) {
        if (maxValues < 1) throw new IllegalArgumentException("maxValues must be at least 1, found " + maxValues);
        if (maxDistinctCounted < maxValues) {
            throw new IllegalArgumentException("maxDistinctCounted must be at least maxValues (" + maxValues
                    + "), found " + maxDistinctCounted);
        }
        this.maxValues = maxValues;
        this.maxDistinctCounted = maxDistinctCounted;
    }

    public DatasetProfile profile(String dataset, Dataset<Row> data) {
        StructField[] fields = data.schema().fields();
        Row stats = scalarStats(data, fields);
        Map<String, CategoricalCounts> categorical = valueCounts(data, fields, stats);

        long rows = stats.getLong(0);
        List<ColumnProfile> columns = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            StructField f = fields[i];
            long nonNull = stats.getLong(stats.fieldIndex("n" + i));
            long distinct = stats.getLong(stats.fieldIndex("d" + i));
            NumericStats numeric = isNumeric(f.dataType()) ? numericStats(stats, i) : null;
            CategoricalStats freq = null;
            if (f.dataType().equals(DataTypes.StringType)) {
                CategoricalCounts counts = categorical.getOrDefault(f.name(), new CategoricalCounts());
                long kept = counts.values.values().stream().mapToLong(Long::longValue).sum();
                freq = new CategoricalStats(counts.values, nonNull - kept);
            }
            double completeness = rows == 0 ? 1.0 : (double) nonNull / rows;
            columns.add(new ColumnProfile(f.name(), f.dataType().typeName(), rows - nonNull, completeness, distinct,
                    numeric, freq));
        }
        return new DatasetProfile(DatasetProfile.FORMAT, dataset, rows, columns);
    }

    /** Scan 1: one row of aggregates, named by column index so odd column names need no quoting. */
    private static Row scalarStats(Dataset<Row> data, StructField[] fields) {
        List<Column> aggs = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            Column c = col(quote(fields[i].name()));
            aggs.add(count(c).as("n" + i));
            aggs.add(approx_count_distinct(c).as("d" + i));
            if (isNumeric(fields[i].dataType())) {
                Column x = c.cast(DataTypes.DoubleType);
                aggs.add(min(x).as("min" + i));
                aggs.add(max(x).as("max" + i));
                aggs.add(avg(x).as("mean" + i));
                aggs.add(stddev_samp(x).as("sd" + i));
                Column[] qs = new Column[DECILES.length];
                for (int q = 0; q < DECILES.length; q++) qs[q] = lit(DECILES[q]);
                aggs.add(percentile_approx(x, array(qs), lit(QUANTILE_ACCURACY)).as("q" + i));
            }
        }
        return data.agg(count(lit(1)).as("rows"), aggs.toArray(Column[]::new)).first();
    }

    private static NumericStats numericStats(Row stats, int i) {
        Double min = nullableDouble(stats, "min" + i);
        List<Double> deciles = new ArrayList<>();
        int q = stats.fieldIndex("q" + i);
        if (!stats.isNullAt(q)) deciles.addAll(stats.getList(q));
        return new NumericStats(min, nullableDouble(stats, "max" + i), nullableDouble(stats, "mean" + i),
                nullableDouble(stats, "sd" + i), deciles);
    }

    private static Double nullableDouble(Row row, String name) {
        int at = row.fieldIndex(name);
        if (row.isNullAt(at)) return null;
        double v = row.getDouble(at);
        return Double.isNaN(v) ? null : v;
    }

    private static final class CategoricalCounts {
        final Map<String, Long> values = new LinkedHashMap<>();
    }

    /**
     * Scan 2: all string columns at once. Rows become (column, value) pairs, one groupBy counts them and
     * a window ranks each column's values by count (ties by value, so the kept set is deterministic).
     */
    private Map<String, CategoricalCounts> valueCounts(Dataset<Row> data, StructField[] fields, Row stats) {
        List<Column> pairs = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            StructField f = fields[i];
            if (f.dataType().equals(DataTypes.StringType)
                    && stats.getLong(stats.fieldIndex("d" + i)) <= maxDistinctCounted) {
                pairs.add(struct(lit(f.name()).as("column"), col(quote(f.name())).as("value")));
            }
        }
        Map<String, CategoricalCounts> out = new HashMap<>();
        if (pairs.isEmpty()) return out;
        Dataset<Row> counted = data.select(explode(array(pairs.toArray(Column[]::new))).as("p"))
                .select(col("p.column").as("column"), col("p.value").as("value"))
                .where(col("value").isNotNull())
                .groupBy("column", "value").count();
        var byColumn = Window.partitionBy("column").orderBy(col("count").desc(), col("value"));
        List<Row> top = counted.withColumn("rank", row_number().over(byColumn))
                .where(col("rank").leq(maxValues))
                .collectAsList();
        // Sorted here, not in Spark: a Spark sort would add a sampling job for its range partitioner.
        List<Row> sorted = new ArrayList<>(top);
        sorted.sort(java.util.Comparator.<Row, String>comparing(r -> r.getString(0)).thenComparingInt(r -> r.getInt(3)));
        for (Row r : sorted) {
            out.computeIfAbsent(r.getString(0), k -> new CategoricalCounts()).values.put(r.getString(1), r.getLong(2));
        }
        return out;
    }

    static boolean isNumeric(DataType type) {
        return type instanceof NumericType;
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
