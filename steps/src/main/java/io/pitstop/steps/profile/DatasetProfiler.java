package io.pitstop.steps.profile;

import io.pitstop.steps.profile.DatasetProfile.CategoricalStats;
import io.pitstop.steps.profile.DatasetProfile.ColumnProfile;
import io.pitstop.steps.profile.DatasetProfile.DriftBins;
import io.pitstop.steps.profile.DatasetProfile.NumericStats;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pitstop.steps.spark.ColumnNames.quoted;
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
 * Profiles a typed DataFrame cheaply: <b>one scan of the data</b> for what must be exact, and one
 * bounded random sample for the distributions, whatever the number of columns:
 * <ol>
 *   <li>one aggregation over every row: the row count, every column's non-null count, and every numeric
 *       column's min, max, mean and stddev (Spark's own aggregates, compiled together). data.validate
 *       computes it inside Deequ's pass over the data ({@link #exactAggregates}), so it costs no scan of
 *       its own there;</li>
 *   <li>a uniform random sample whose size follows the data's ({@link SampleSize}: every row up to
 *       100,000, then 5% of the rows, at most 500,000), taken in a second read and held in memory, then two small jobs on it: every column's
 *       HyperLogLog++ distinct count and every numeric column's approximate deciles
 *       ({@code percentile_approx}); then every column's drift bins and every string column's values
 *       together — each sampled row exploded into one entry per column (its value, its number, or its
 *       range bin between the deciles), grouped once, and a window keeping each column's {@code maxValues}
 *       most frequent. A column whose sample holds more than {@code maxDistinctCounted} distinct values
 *       (a unique key) keeps no values (all count as other). String value frequencies are scaled to the
 *       column's exact non-null count; drift bins keep the profiled rows' own counts, so the rows profiled
 *       fall in each bin exactly as drift will count them.</li>
 * </ol>
 * Drift bins ({@link DatasetProfile.DriftBins}) add no read of the data: the range counts need the
 * deciles, which the first job on the held sample computes, and ride in the second job.
 * Computing the distributions over every row made the profile 33.5 s against a 10.5 s scan on 10 M rows
 * (the validation benchmark of 2026-11-23, in the Git history of
 * benchmarks/results/validation.md). A uniform sample of n rows estimates a share with a standard error
 * of at most 0.5/sqrt(n), about 0.07 percentage points at half a million rows, far below what drift's
 * bins resolve. Deequ's default {@code ColumnProfilerRunner} is not used: it keeps every distinct value
 * for exact quantiles, where drift needs only deciles, which a sample estimates.
 */
public final class DatasetProfiler {

    /** The quantiles stored per numeric column: the deciles, which are also drift's bins. */
    static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    /** percentile_approx accuracy: relative rank error 1/accuracy (0.1%), a few KB of sketch per column. */
    private static final int QUANTILE_ACCURACY = 1000;

    public static final int DEFAULT_MAX_VALUES = 100;

    /** A string column with more distinct values than this in the profiled rows keeps no values: a key. */
    public static final long DEFAULT_MAX_DISTINCT_COUNTED = 100_000;

    /** The sample's seed: the same data gives the same profile. */
    private static final long SAMPLE_SEED = 20_261_123L;

    private final int maxValues;
    private final long maxDistinctCounted;
    private final SampleSize sampleSize;

    public DatasetProfiler() {
        this(DEFAULT_MAX_VALUES, DEFAULT_MAX_DISTINCT_COUNTED, SampleSize.DEFAULT);
    }

    public DatasetProfiler(int maxValues, long maxDistinctCounted) {
        this(maxValues, maxDistinctCounted, SampleSize.DEFAULT);
    }

    /** With a fixed sample of {@code sampleRows} (every row when there are fewer), whatever the data's size. */
    public DatasetProfiler(int maxValues, long maxDistinctCounted, long sampleRows) {
        this(maxValues, maxDistinctCounted, SampleSize.atMost(sampleRows));
    }

    /**
     * @param maxValues          how many of a string column's most frequent values to keep; the rest count as other
     * @param maxDistinctCounted a string column with more approximate distinct values than this keeps no values:
     *                           all its non-null values count as other
     * @param sampleSize         how many rows distributions are computed from, by the data's row count
     */
    public DatasetProfiler(int maxValues, long maxDistinctCounted, SampleSize sampleSize) {
        if (maxValues < 1) throw new IllegalArgumentException("maxValues must be at least 1, found " + maxValues);
        if (maxDistinctCounted < maxValues) {
            throw new IllegalArgumentException("maxDistinctCounted must be at least maxValues (" + maxValues
                    + "), found " + maxDistinctCounted);
        }
        this.maxValues = maxValues;
        this.maxDistinctCounted = maxDistinctCounted;
        this.sampleSize = java.util.Objects.requireNonNull(sampleSize, "sampleSize");
    }

    /** Profiles {@code data}, reading it twice: once for {@link #exactAggregates}, once for the sample. */
    public DatasetProfile profile(String dataset, Dataset<Row> data) {
        List<Column> aggs = exactAggregates(data.schema());
        return profile(dataset, data, data.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first());
    }

    /**
     * Profiles {@code data} given {@code exact}, the results of {@link #exactAggregates} over all of it in
     * their order, computed in some scan that reads the data anyway (data.validate's Deequ pass); then
     * the profile reads the data once more, for the sample.
     */
    public DatasetProfile profile(String dataset, Dataset<Row> data, Row exact) {
        return profile(dataset, data, exact, null);
    }

    /**
     * {@link #profile(String, Dataset, Row)}, also given {@code everyRow}: the results of
     * {@link #distributionAggregates} over all of {@code data}, computed in the same scan as {@code exact}.
     * When the data is small enough for every row to be profiled ({@link #profilesEveryRow}), they are the
     * distributions' aggregates, and the profile neither samples nor reads the data for them: its one job
     * left counts the drift bins. Otherwise (or when null) they are ignored and the profile samples.
     */
    public DatasetProfile profile(String dataset, Dataset<Row> data, Row exact, Row everyRow) {
        java.util.Objects.requireNonNull(exact, "the results of exactAggregates for " + dataset);
        StructField[] fields = data.schema().fields();
        if (exact.length() != exactAggregates(data.schema()).size()) {
            throw new IllegalArgumentException("expected the " + exactAggregates(data.schema()).size()
                    + " results of exactAggregates for " + dataset + ", found " + exact.length());
        }
        exact = new GenericRowWithSchema(rowValues(exact), exactSchema(fields));
        long rows = exact.getLong(0);
        double fraction = sampleSize.fractionOf(rows);
        if (everyRow != null && fraction >= 1.0) {
            StructType schema = data.agg(distributionAggregates(data.schema()).get(0),
                    distributionAggregates(data.schema()).stream().skip(1).toArray(Column[]::new)).schema();
            if (everyRow.length() != schema.size()) {
                throw new IllegalArgumentException("expected the " + schema.size()
                        + " results of distributionAggregates for " + dataset + ", found " + everyRow.length());
            }
            Row sampled = new GenericRowWithSchema(rowValues(everyRow), schema);
            return columns(dataset, fields, exact, sampled, binCounts(data, fields, sampled));
        }
        // Held in memory for its two jobs, so the data is read once here: the read that samples.
        Dataset<Row> profiled = (fraction >= 1.0 ? data : data.sample(false, fraction, SAMPLE_SEED))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Row sampled = sampledStats(profiled, fields);
            return columns(dataset, fields, exact, sampled, binCounts(profiled, fields, sampled));
        } finally {
            profiled.unpersist();
        }
    }

    /** Whether a dataset of {@code rows} rows is profiled whole, not sampled. */
    public boolean profilesEveryRow(long rows) {
        return sampleSize.fractionOf(rows) >= 1.0;
    }

    private DatasetProfile columns(String dataset, StructField[] fields, Row exact, Row sampled,
                                   Map<Integer, ColumnCounts> counted) {
        long rows = exact.getLong(0);
        long sampledRows = sampled.getLong(0);
        List<ColumnProfile> columns = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            StructField f = fields[i];
            long nonNull = exact.getLong(exact.fieldIndex("n" + i));
            long distinct = sampled.getLong(sampled.fieldIndex("d" + i));
            long sampledNonNull = sampled.getLong(sampled.fieldIndex("n" + i));
            NumericStats numeric = isNumeric(f.dataType()) ? numericStats(exact, sampled, i) : null;
            ColumnCounts counts = counted.getOrDefault(i, new ColumnCounts());
            CategoricalStats freq = f.dataType().equals(DataTypes.StringType)
                    ? scaled(counts, nonNull, sampledNonNull) : null;
            double completeness = rows == 0 ? 1.0 : (double) nonNull / rows;
            columns.add(new ColumnProfile(f.name(), f.dataType().typeName(), rows - nonNull, completeness, distinct,
                    numeric, freq, driftBins(numeric, distinct, counts, sampledNonNull)));
        }
        return new DatasetProfile(DatasetProfile.FORMAT, dataset, rows, sampledRows, columns);
    }

    /**
     * Sampled counts scaled to the column's exact non-null count, so the frequencies plus other still add
     * up to it; with every row profiled the factor is 1 and the counts are exact.
     */
    private static CategoricalStats scaled(ColumnCounts counts, long nonNull, long sampledNonNull) {
        double factor = sampledNonNull == 0 ? 0 : (double) nonNull / sampledNonNull;
        Map<String, Long> frequencies = new LinkedHashMap<>();
        long kept = 0;
        for (var e : counts.values.entrySet()) {
            long n = Math.min(Math.round(e.getValue() * factor), nonNull - kept);
            frequencies.put(e.getKey(), n);
            kept += n;
        }
        return new CategoricalStats(frequencies, nonNull - kept);
    }

    /**
     * What the profile needs from every row, as Spark aggregates to compute in one scan: the row count,
     * every column's non-null count, and every numeric column's min, max, mean and stddev. All are
     * declarative aggregates, which Spark compiles together with whatever else the scan computes.
     */
    public static List<Column> exactAggregates(StructType schema) {
        StructField[] fields = schema.fields();
        String[] names = exactSchema(fields).fieldNames();
        List<Column> aggs = new ArrayList<>();
        aggs.add(count(lit(1)));
        for (int i = 0; i < fields.length; i++) {
            Column c = col(quoted(fields[i].name()));
            aggs.add(count(c));
            if (isNumeric(fields[i].dataType())) {
                Column x = c.cast(DataTypes.DoubleType);
                aggs.add(min(x));
                aggs.add(max(x));
                aggs.add(avg(x));
                aggs.add(stddev_samp(x));
            }
        }
        List<Column> named = new ArrayList<>();
        for (int i = 0; i < aggs.size(); i++) named.add(aggs.get(i).as(names[i]));
        return named;
    }

    /** The names and types of {@link #exactAggregates}' results, by column index so odd names need no quoting. */
    private static StructType exactSchema(StructField[] fields) {
        List<StructField> out = new ArrayList<>();
        out.add(DataTypes.createStructField("rows", DataTypes.LongType, false));
        for (int i = 0; i < fields.length; i++) {
            out.add(DataTypes.createStructField("n" + i, DataTypes.LongType, false));
            if (isNumeric(fields[i].dataType())) {
                for (String stat : new String[] {"min", "max", "mean", "sd"}) {
                    out.add(DataTypes.createStructField(stat + i, DataTypes.DoubleType, true));
                }
            }
        }
        return DataTypes.createStructType(out);
    }

    private static Object[] rowValues(Row row) {
        Object[] values = new Object[row.length()];
        for (int i = 0; i < values.length; i++) values[i] = row.get(i);
        return values;
    }

    /**
     * What the distributions need from the rows profiled, as Spark aggregates: their count, each column's
     * non-null and HyperLogLog++ distinct counts, each numeric column's approximate deciles. On a sample
     * they run in the profile's own job; when every row is profiled they can ride in another scan (data.validate
     * puts them in Deequ's, for a small file) and be given to {@link #profile(String, Dataset, Row, Row)}.
     * Unlike {@link #exactAggregates} these are imperative aggregates, which turn off whole-stage code
     * generation for the scan they join: on a small file, compiling less is the faster way.
     */
    public static List<Column> distributionAggregates(StructType schema) {
        StructField[] fields = schema.fields();
        List<Column> aggs = new ArrayList<>();
        aggs.add(count(lit(1)).as("rows"));
        for (int i = 0; i < fields.length; i++) {
            Column c = col(quoted(fields[i].name()));
            aggs.add(count(c).as("n" + i));
            aggs.add(approx_count_distinct(c).as("d" + i));
            if (isNumeric(fields[i].dataType())) {
                Column[] qs = new Column[DECILES.length];
                for (int q = 0; q < DECILES.length; q++) qs[q] = lit(DECILES[q]);
                aggs.add(percentile_approx(c.cast(DataTypes.DoubleType), array(qs), lit(QUANTILE_ACCURACY)).as("q" + i));
            }
        }
        return aggs;
    }

    /** On the profiled rows: {@link #distributionAggregates}, in one job. */
    private static Row sampledStats(Dataset<Row> data, StructField[] fields) {
        List<Column> aggs = distributionAggregates(data.schema());
        return data.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    }

    private static NumericStats numericStats(Row exact, Row sampled, int i) {
        Double min = nullableDouble(exact, "min" + i);
        List<Double> deciles = new ArrayList<>(decilesOf(sampled, i));
        return new NumericStats(min, nullableDouble(exact, "max" + i), nullableDouble(exact, "mean" + i),
                nullableDouble(exact, "sd" + i), deciles);
    }

    private static Double nullableDouble(Row row, String name) {
        int at = row.fieldIndex(name);
        if (row.isNullAt(at)) return null;
        double v = row.getDouble(at);
        return Double.isNaN(v) ? null : v;
    }

    /** What the grouped job counts for one column: values (as text), numbers, or range bins. */
    private static final class ColumnCounts {
        final Map<String, Long> values = new LinkedHashMap<>();
        final java.util.TreeMap<Double, Long> numbers = new java.util.TreeMap<>();
        final Map<Integer, Long> ranges = new HashMap<>();
    }

    /** How the grouped job counts a column; the ordinal is the {@code kind} field of its rows. */
    private enum Counted { VALUE, NUMBER, RANGE }

    /**
     * Counts every column's drift bins and every string column's values on the profiled rows, in one job. Each
     * row becomes one (kind, column, value, number, bin) entry per column, one groupBy counts them and a window
     * keeps each column's {@code maxValues} most frequent (ties by value, so the kept set is deterministic):
     * <ul>
     *   <li>a numeric column with at most {@link DriftBins#MAX_VALUE_BINS} distinct values counts each number;</li>
     *   <li>any other numeric column counts its range bins, between its distinct deciles;</li>
     *   <li>every other column counts its values as text, unless it has more than {@code maxDistinctCounted}
     *       distinct values (a key: it keeps none).</li>
     * </ul>
     */
    private Map<Integer, ColumnCounts> binCounts(Dataset<Row> data, StructField[] fields, Row stats) {
        Column noText = lit(null).cast(DataTypes.StringType);
        Column noNumber = lit(null).cast(DataTypes.DoubleType);
        Column noBin = lit(null).cast(DataTypes.IntegerType);
        List<Column> entries = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            StructField f = fields[i];
            Column x = col(quoted(f.name()));
            long distinct = stats.getLong(stats.fieldIndex("d" + i));
            Counted kind;
            Column value = noText;
            Column number = noNumber;
            Column bin = noBin;
            if (isNumeric(f.dataType()) && distinct <= DriftBins.MAX_VALUE_BINS) {
                kind = Counted.NUMBER;
                number = DriftBinIndex.number(x);
            } else if (isNumeric(f.dataType())) {
                kind = Counted.RANGE;
                bin = DriftBinIndex.range(x, edges(decilesOf(stats, i)));
            } else if (distinct <= maxDistinctCounted) {
                kind = Counted.VALUE;
                value = x.cast(DataTypes.StringType);
            } else {
                continue;
            }
            entries.add(struct(lit(kind.ordinal()).as("kind"), lit(i).as("column"), value.as("value"),
                    number.as("number"), bin.as("bin")));
        }
        Map<Integer, ColumnCounts> out = new HashMap<>();
        if (entries.isEmpty()) return out;
        Dataset<Row> counted = data.select(explode(array(entries.toArray(Column[]::new))).as("p"))
                .select(col("p.kind").as("kind"), col("p.column").as("column"), col("p.value").as("value"),
                        col("p.number").as("number"), col("p.bin").as("bin"))
                .where(col("value").isNotNull().or(col("number").isNotNull()).or(col("bin").isNotNull()))
                .groupBy("kind", "column", "value", "number", "bin").count();
        var byColumn = Window.partitionBy("kind", "column")
                .orderBy(col("count").desc(), col("value"), col("number"), col("bin"));
        List<Row> top = counted.withColumn("rank", row_number().over(byColumn))
                .where(col("rank").leq(maxValues))
                .collectAsList();
        // Sorted here, not in Spark: a Spark sort would add a sampling job for its range partitioner.
        List<Row> sorted = new ArrayList<>(top);
        sorted.sort(java.util.Comparator.<Row>comparingInt(r -> r.getInt(1)).thenComparingInt(r -> r.getInt(6)));
        for (Row r : sorted) {
            ColumnCounts c = out.computeIfAbsent(r.getInt(1), k -> new ColumnCounts());
            switch (Counted.values()[r.getInt(0)]) {
                case VALUE -> c.values.put(r.getString(2), r.getLong(5));
                case NUMBER -> c.numbers.put(r.getDouble(3), r.getLong(5));
                case RANGE -> c.ranges.put(r.getInt(4), r.getLong(5));
            }
        }
        return out;
    }

    /** The column's drift bins from the grouped job's counts; see {@link DriftBins} for the three shapes. */
    private static DriftBins driftBins(NumericStats numeric, long distinct, ColumnCounts counts, long sampledNonNull) {
        if (numeric != null && distinct > DriftBins.MAX_VALUE_BINS) {
            List<Double> edges = edges(numeric.deciles());
            List<Long> perBin = new ArrayList<>();
            for (int b = 0; b <= edges.size(); b++) perBin.add(counts.ranges.getOrDefault(b, 0L));
            return DriftBins.ranges(edges, perBin);
        }
        if (numeric != null) {
            long listed = counts.numbers.values().stream().mapToLong(Long::longValue).sum();
            return DriftBins.numbers(List.copyOf(counts.numbers.keySet()), List.copyOf(counts.numbers.values()),
                    sampledNonNull - listed);
        }
        long listed = counts.values.values().stream().mapToLong(Long::longValue).sum();
        return DriftBins.values(List.copyOf(counts.values.keySet()), List.copyOf(counts.values.values()),
                sampledNonNull - listed);
    }

    /** Range bins' edges: the distinct deciles, increasing (a discrete column's deciles repeat). */
    private static List<Double> edges(List<Double> deciles) {
        return List.copyOf(new java.util.TreeSet<>(deciles));
    }

    private static List<Double> decilesOf(Row sampled, int i) {
        int q = sampled.fieldIndex("q" + i);
        return sampled.isNullAt(q) ? List.of() : sampled.getList(q);
    }

    static boolean isNumeric(DataType type) {
        return type instanceof NumericType;
    }

}
