package io.pitstop.steps.init;

import com.amazon.deequ.suggestions.ConstraintSuggestion;
import com.amazon.deequ.suggestions.ConstraintSuggestionResult;
import com.amazon.deequ.suggestions.ConstraintSuggestionRunner;
import com.amazon.deequ.suggestions.Rules;
import com.amazon.deequ.suggestions.rules.CategoricalRangeRule;
import com.amazon.deequ.suggestions.rules.RetainCompletenessRule;
import io.pitstop.engine.contract.ColumnType;
import io.pitstop.engine.init.ColumnSketch;
import io.pitstop.engine.init.DataInspector;
import io.pitstop.engine.init.DataSketch;
import io.pitstop.engine.init.UnusableDataException;
import io.pitstop.engine.yaml.NearMatch;
import io.pitstop.steps.dataset.CsvHeader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pitstop.steps.spark.ColumnNames.quoted;
import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * {@link DataInspector} on Spark and Deequ. Types are inferred by the rules Pitstop's own reader
 * ({@code io.pitstop.steps.dataset.DatasetReader}) parses by, not by Deequ's type detection: the type
 * written into the contract must be one the reader accepts for every row (plain digits for integers,
 * Spark's cast for doubles, which takes {@code 1e-05} where Deequ's pattern calls it a string).
 * Deequ's {@link ConstraintSuggestionRunner} then runs on the typed data, and its suggestions decide
 * which string columns are categorical (its {@code CategoricalRangeRule}) and the completeness floor
 * of columns with empty values ({@code RetainCompletenessRule}). It profiles only those columns: its
 * profile is the costly part, and its other rules are either plain tests of numbers measured here
 * anyway (non-negative: the minimum is at least 0) or not wanted (its min/max are the exact training
 * extremes; see {@code WidenedRange} in the engine).
 *
 * <p>Jobs: one aggregation infers types and counts; one collects the value counts of low-cardinality
 * columns; one proves key candidates distinct; one counts repeated rows; then Deequ's profile and
 * suggestion passes. Every row is read: {@code init} runs once, on a file a person picked.
 */
public final class SparkDataInspector implements DataInspector {

    private static final String MALFORMED = "__pitstop_malformed_line";
    private static final String INTEGER = "^[+-]?[0-9]+$";
    /** Approximate distinct counts below this get exact value counts (above the sketch's limit, for the HLL error). */
    private static final int COUNT_VALUES_BELOW = (int) (ColumnSketch.VALUE_COUNT_LIMIT * 1.2);
    /**
     * Relative standard deviation of the approximate distinct counts. Spark's default (0.05) put a
     * column of 7,043 distinct ids at 6,306; at 0.01 the sketch is still a few kilobytes per column.
     */
    private static final double APPROX_ERROR = 0.01;
    private static final Pattern COMPLETENESS = Pattern.compile("_ >= ([0-9.Ee-]+)");

    private final SparkSession spark;

    public SparkDataInspector(SparkSession spark) {
        this.spark = spark;
    }

    @Override
    public DataSketch inspect(Path csv, String label) {
        List<String> names = header(csv, label);
        Dataset<Row> raw = read(csv, names);
        raw.cache();
        try {
            return inspect(csv, label, names, raw);
        } finally {
            raw.unpersist();
        }
    }

    private DataSketch inspect(Path csv, String label, List<String> names, Dataset<Row> raw) {
        // One pass: rows, malformed lines, and per column the counts that decide its type.
        List<Column> aggregates = new ArrayList<>();
        aggregates.add(count(lit(1)));
        aggregates.add(sum(when(col(MALFORMED).isNotNull(), 1L).otherwise(0L)));
        for (String name : names) {
            Column value = trim(col(quoted(name)));
            Column filled = col(quoted(name)).isNotNull().and(col(quoted(name)).notEqual(""));
            Column nonBlank = filled.and(value.notEqual(""));
            aggregates.add(sum(when(filled, 1L).otherwise(0L)));
            aggregates.add(sum(when(nonBlank, 1L).otherwise(0L)));
            aggregates.add(sum(when(nonBlank.and(value.rlike(INTEGER)).and(value.cast("int").isNotNull()), 1L).otherwise(0L)));
            aggregates.add(sum(when(nonBlank.and(value.rlike(INTEGER)).and(value.cast("long").isNotNull()), 1L).otherwise(0L)));
            aggregates.add(sum(when(nonBlank.and(value.cast("double").isNotNull()), 1L).otherwise(0L)));
            aggregates.add(approx_count_distinct(when(filled, col(quoted(name))), APPROX_ERROR));
            aggregates.add(min(when(nonBlank, value.cast("double"))));
            aggregates.add(max(when(nonBlank, value.cast("double"))));
        }
        Row a = raw.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).first();
        long rows = a.getLong(0);
        if (rows == 0) throw new UnusableDataException(csv, 1L, null, "the file has a header and no rows");
        if (a.getLong(1) > 0) {
            long line = firstLine(raw, col(MALFORMED).isNotNull());
            throw new UnusableDataException(csv, line, null, "the line does not have the header's " + names.size()
                    + " fields (" + a.getLong(1) + " such lines)");
        }

        Map<String, ColumnType> types = new LinkedHashMap<>();
        Map<String, long[]> counts = new HashMap<>();
        Map<String, double[]> extremes = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            int at = 2 + i * 8;
            String name = names.get(i);
            long filled = a.getLong(at), nonBlank = a.getLong(at + 1), ints = a.getLong(at + 2), longs = a.getLong(at + 3),
                    doubles = a.getLong(at + 4), approxDistinct = a.getLong(at + 5);
            ColumnType type;
            if (nonBlank == 0) type = ColumnType.STRING;
            else if (ints == nonBlank) type = ColumnType.INTEGER;
            else if (longs == nonBlank) type = ColumnType.LONG;
            else if (doubles == nonBlank) type = ColumnType.DOUBLE;
            else {
                type = ColumnType.STRING;
                if (doubles * 2 >= nonBlank) throw missingValueMarkers(csv, raw, name, doubles, nonBlank);
            }
            types.put(name, type);
            long present = type == ColumnType.STRING ? filled : nonBlank;
            counts.put(name, new long[]{rows - present, approxDistinct});
            if (type != ColumnType.STRING) extremes.put(name, new double[]{a.getDouble(at + 6), a.getDouble(at + 7)});
        }
        if (counts.get(label)[0] > 0) {
            long line = firstLine(raw, absent(label, types.get(label)));
            throw new UnusableDataException(csv, line, label, "the label is empty on " + counts.get(label)[0] + " of "
                    + rows + " rows (the first on this line); a model learns only from labelled rows: drop those rows");
        }

        Dataset<Row> typed = typed(raw, types);
        Map<String, Map<String, Long>> valueCounts = valueCounts(raw, types, counts);
        Set<String> distinctColumns = allDistinct(typed, types, counts, rows);
        long repeated = rows - raw.select(names.stream().filter(n -> !n.equals(label)).map(n -> col(quoted(n)))
                .toArray(Column[]::new)).distinct().count();
        // Deequ's rules that init uses need a profile only of columns with empty values (completeness)
        // and of string columns with few values (categorical range); the rest are not profiled at all.
        List<String> profiled = names.stream().filter(n -> counts.get(n)[0] > 0
                || (types.get(n) == ColumnType.STRING && valueCounts.containsKey(n))).toList();
        Map<String, List<ConstraintSuggestion>> suggestions = suggestions(typed, profiled);

        List<ColumnSketch> columns = new ArrayList<>();
        for (String name : names) {
            Map<String, Long> values = valueCounts.getOrDefault(name, Map.of());
            boolean exactAndSmall = valueCounts.containsKey(name) && values.size() <= ColumnSketch.VALUE_COUNT_LIMIT;
            long distinct = valueCounts.containsKey(name) ? values.size()
                    : distinctColumns.contains(name) ? rows : counts.get(name)[1];
            double[] range = extremes.get(name);
            List<ConstraintSuggestion> suggested = suggestions.getOrDefault(name, List.of());
            columns.add(new ColumnSketch(name, types.get(name), counts.get(name)[0], distinct,
                    exactAndSmall ? values : Map.of(), range == null ? null : range[0], range == null ? null : range[1],
                    distinctColumns.contains(name),
                    // Deequ's NonNegativeNumbersRule is exactly this test of the minimum; asking it would cost a profile.
                    range != null && range[0] >= 0,
                    completenessFloor(suggested),
                    suggested.stream().anyMatch(s -> s.suggestingRule() instanceof CategoricalRangeRule)));
        }
        return new DataSketch(csv, rows, columns, repeated);
    }

    /** The header's names, checked: present, none blank or repeated, the label among them. */
    private static List<String> header(Path csv, String label) {
        List<String> names;
        try {
            names = CsvHeader.read(csv).names();
        } catch (CharacterCodingException e) {
            throw new UnusableDataException(csv, 1L, null, "the header is not UTF-8 text; is this a CSV file?");
        } catch (io.pitstop.steps.dataset.CsvFormatException e) {
            // The data reader's own scan: a bad byte (with its offset), a NUL, an unclosed quote, at its line.
            var problem = e.problem();
            throw new UnusableDataException(csv, problem.line(), problem.column(), problem.message()
                    + (problem.line() == 1 ? "; is this a CSV file?" : ""));
        } catch (IOException e) {
            throw new UnusableDataException(csv, null, null, "cannot be read: " + e.getMessage());
        }
        if (names.isEmpty()) throw new UnusableDataException(csv, 1L, null, "the file is empty; a header row is needed");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isBlank()) {
                throw new UnusableDataException(csv, 1L, null, "header field " + (i + 1) + " is blank; every column needs a name");
            }
            if (!seen.add(name)) throw new UnusableDataException(csv, 1L, name, "the header names it twice");
        }
        if (!names.contains(label)) {
            throw new UnusableDataException(csv, 1L, label, "the label column is not in the header"
                    + NearMatch.hint(label, names) + "; the columns are " + names);
        }
        return names;
    }

    /** Every field as text, named by the header, with lines of the wrong width kept aside (as the reader reads). */
    private Dataset<Row> read(Path csv, List<String> names) {
        List<StructField> fields = new ArrayList<>();
        for (String name : names) fields.add(DataTypes.createStructField(name, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(MALFORMED, DataTypes.StringType, true));
        return spark.read()
                .option("header", "true")
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", MALFORMED)
                .option("nullValue", "")
                .schema(new StructType(fields.toArray(StructField[]::new)))
                .csv(csv.toString());
    }

    /** The columns cast to their inferred types, as the reader will cast them. */
    private static Dataset<Row> typed(Dataset<Row> raw, Map<String, ColumnType> types) {
        List<Column> columns = new ArrayList<>();
        types.forEach((name, type) -> {
            Column c = col(quoted(name));
            Column value = trim(c);
            columns.add((switch (type) {
                case STRING -> when(c.equalTo(""), lit(null).cast("string")).otherwise(c);
                case INTEGER -> when(value.equalTo(""), lit(null).cast("int")).otherwise(value.cast("int"));
                case LONG -> when(value.equalTo(""), lit(null).cast("long")).otherwise(value.cast("long"));
                default -> when(value.equalTo(""), lit(null).cast("double")).otherwise(value.cast("double"));
            }).as(name));
        });
        return raw.select(columns.toArray(Column[]::new));
    }

    /**
     * Exact counts of each value as the file writes it, for every column whose approximate distinct
     * count is small, in one job. The text, not the parsed number: a code or a classification label is
     * declared {@code string}, and the reader then compares the text ("1" and "1.0" are two values).
     */
    private static Map<String, Map<String, Long>> valueCounts(Dataset<Row> raw, Map<String, ColumnType> types,
                                                              Map<String, long[]> counts) {
        List<String> small = types.keySet().stream().filter(n -> counts.get(n)[1] <= COUNT_VALUES_BELOW).toList();
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        if (small.isEmpty()) return out;
        List<Column> pairs = new ArrayList<>();
        for (int i = 0; i < small.size(); i++) {
            pairs.add(struct(lit(i).as("column"), col(quoted(small.get(i))).as("value")));
        }
        List<Row> rows = raw.select(explode(array(pairs.toArray(Column[]::new))).as("p"))
                .where(col("p.value").isNotNull().and(col("p.value").notEqual("")))
                .groupBy(col("p.column"), col("p.value")).count().collectAsList();
        for (String name : small) out.put(name, new LinkedHashMap<>());
        for (Row r : rows) out.get(small.get(r.getInt(0))).put(r.getString(1), r.getLong(2));
        return out;
    }

    /** Complete string and integer columns whose values are all distinct, counted exactly. */
    private static Set<String> allDistinct(Dataset<Row> typed, Map<String, ColumnType> types, Map<String, long[]> counts,
                                           long rows) {
        List<String> candidates = types.entrySet().stream()
                .filter(e -> e.getValue() != ColumnType.DOUBLE && counts.get(e.getKey())[0] == 0
                        && counts.get(e.getKey())[1] >= rows * 0.8) // far beyond the sketch's error
                .map(Map.Entry::getKey).toList();
        Set<String> out = new HashSet<>();
        if (candidates.isEmpty()) return out;
        List<Column> distinct = candidates.stream().map(n -> countDistinct(col(quoted(n)))).toList();
        Row r = typed.agg(distinct.get(0), distinct.subList(1, distinct.size()).toArray(Column[]::new)).first();
        for (int i = 0; i < candidates.size(); i++) if (r.getLong(i) == rows) out.add(candidates.get(i));
        return out;
    }

    private static Map<String, List<ConstraintSuggestion>> suggestions(Dataset<Row> typed, List<String> columns) {
        Map<String, List<ConstraintSuggestion>> out = new HashMap<>();
        if (columns.isEmpty()) return out;
        ConstraintSuggestionResult result = new ConstraintSuggestionRunner().onData(typed)
                .addConstraintRules(Rules.DEFAULT())
                .restrictToColumns(JavaConverters.asScalaBuffer(columns).toSeq())
                .run();
        JavaConverters.mapAsJavaMap(result.constraintSuggestions()).forEach((column, list) ->
                out.put(column, new ArrayList<>(JavaConverters.seqAsJavaList(list))));
        return out;
    }

    /**
     * Deequ's completeness floor for a column with empty values: a confidence bound below the measured
     * share, so a new extract with a few more gaps still passes. Deequ keeps the number only in the
     * Scala code it suggests ({@code .hasCompleteness("c", _ >= 0.94, ...)}), so it is read from there.
     */
    private static Double completenessFloor(List<ConstraintSuggestion> suggested) {
        for (ConstraintSuggestion s : suggested) {
            if (!(s.suggestingRule() instanceof RetainCompletenessRule)) continue;
            Matcher m = COMPLETENESS.matcher(s.codeForConstraint());
            if (!m.find()) {
                throw new IllegalStateException("Deequ's completeness suggestion has no bound: " + s.codeForConstraint());
            }
            return Double.parseDouble(m.group(1));
        }
        return null;
    }

    /** "NA" in a numeric column: the reader would refuse every such row, so say so now, with the fix. */
    private static UnusableDataException missingValueMarkers(Path csv, Dataset<Row> raw, String name, long numbers,
                                                             long values) {
        Column value = trim(col(quoted(name)));
        Column notNumber = value.notEqual("").and(value.cast("double").isNull());
        List<String> markers = raw.where(notNumber).select(col(quoted(name))).distinct().limit(5).collectAsList().stream()
                .map(r -> "'" + r.getString(0) + "'").toList();
        long line = firstLine(raw, notNumber);
        return new UnusableDataException(csv, line, name, (values - numbers) + " of " + values + " values are not numbers "
                + markers + " (the first on this line) while the rest are; Pitstop reads only an empty field as missing,"
                + " so write missing values as empty fields (if they are real values, the column is text:"
                + " make every value text, e.g. prefix the numbers)");
    }

    private static Column absent(String name, ColumnType type) {
        Column c = col(quoted(name));
        return type == ColumnType.STRING ? c.isNull().or(c.equalTo("")) : c.isNull().or(trim(c).equalTo(""));
    }

    /** The file line (header = 1) of the first row matching {@code where}: rows are numbered in file order. */
    private static long firstLine(Dataset<Row> raw, Column where) {
        List<scala.Tuple2<Boolean, Long>> hit = raw.select(where.as("hit")).javaRDD()
                .map(r -> !r.isNullAt(0) && r.getBoolean(0))
                .zipWithIndex()
                .filter(t -> t._1())
                .take(1);
        return hit.isEmpty() ? 1 : hit.get(0)._2() + 2;
    }

}
