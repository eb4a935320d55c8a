package io.pitstop.steps.dataset;

import io.pitstop.engine.contract.ColumnSpec;
import io.pitstop.engine.contract.ColumnType;
import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.pkg.FileTree;
import io.pitstop.steps.spark.InterpretedExecution;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * Reads a CSV file with a header row into a DataFrame typed by a {@link Contract}'s columns.
 *
 * <p>Two things Spark's CSV reader would do silently are refused here. Columns are matched by name
 * before Spark starts (Spark maps a given schema by position), so a missing, extra or repeated column
 * is named. And a value that does not parse as its declared type (e.g. {@code "abc"} in an integer
 * column) is reported with its column and line instead of becoming a null that a completeness check
 * might wave through. Empty (or, for non-strings, blank) fields are nulls.
 *
 * <p>Values are read as strings and cast by Pitstop, so what counts as unparsable is defined here:
 * integers must be plain digits ({@code "1.5"} is not an integer), the rest follows Spark's casts.
 *
 * <p>Before Spark starts, one pass over the file's bytes ({@link CsvLayout}) refuses what Spark would
 * misread or hide: bytes that are not UTF-8 (with their offset), a row with more or fewer fields than the
 * header (with its line), and, for training data ({@link #readInto}), a file with a header and no rows.
 * The file is RFC 4180 CSV: quoted fields may hold commas, {@code ""} quotes and line breaks. Spark reads
 * a line at a time, in parallel splits, unless that pass found a quoted line break; only then does it
 * read with {@code multiLine}, one task per file, since a split could start inside a record. (Measured on
 * 88 MB, 704k rows, one split either way: the byte pass took 0.7–1.0 s, Spark's parse 9.8–10.7 s by lines
 * and 7.4–7.7 s with multiLine; the line mode is kept for what it gains above one split, parallel tasks.)
 * Reported line numbers are the file's own, whatever the records span; blank lines are skipped.
 *
 * <p>A column the contract derives ({@code derived: { hash_of: […] }}) is not read: {@link DerivedKey}
 * computes it from its sources' typed values.
 */
public final class DatasetReader {

    /** At most this many bad values are listed; the total is always counted. */
    static final int REPORTED_PROBLEMS = 20;
    private static final String MALFORMED = "__pitstop_malformed_line";

    private final SparkSession spark;

    public DatasetReader(SparkSession spark) {
        this.spark = spark;
    }

    /** The Spark type Pitstop uses for a contract type. */
    public static DataType sparkType(ColumnType type) {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case INTEGER -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case BOOLEAN -> DataTypes.BooleanType;
            case DATE -> DataTypes.DateType;
            case TIMESTAMP -> DataTypes.TimestampType;
        };
    }

    /**
     * The typed dataset, checked: one scan of the file proves every value parses. The returned
     * DataFrame is lazy and re-reads the file when used.
     *
     * @throws SchemaMismatchException naming every header problem, or the first bad values and their lines
     */
    public Dataset<Row> read(Path csv, Contract contract) throws SchemaMismatchException, IOException {
        return read(csv, contract, false);
    }

    /**
     * {@link #read}, for an input held to a contract that names only some of its columns (a batch to
     * score, against the model's input contract from {@link Contract#forInput}): the columns the contract
     * does not declare are neither read nor checked.
     */
    public Dataset<Row> readDeclared(Path csv, Contract contract) throws SchemaMismatchException, IOException {
        return read(csv, contract, true);
    }

    private Dataset<Row> read(Path csv, Contract contract, boolean undeclaredAllowed)
            throws SchemaMismatchException, IOException {
        Parse parse = parse(csv, contract, undeclaredAllowed, false);
        Row counts = parse.flagged.agg(badCount(contract)).first();
        long bad = counts.isNullAt(0) ? 0 : counts.getLong(0);
        if (bad > 0) throw locate(csv, contract, parse, bad);
        return parse.typed();
    }

    /** A path that is missing or a directory is named as such (hashing or reading it would say less). */
    private static void requireFile(Path csv) throws IOException {
        if (Files.isDirectory(csv)) throw new FileSystemException(csv.toString(), null, "is a directory; expected a CSV file");
        if (!Files.exists(csv)) throw new NoSuchFileException(csv.toString(), null, "no such file");
    }

    /**
     * Reads, types and writes the dataset to Parquet in a single scan of the CSV, counting bad values
     * on the way (Spark's {@link Observation}), and returns the Parquet data. Nothing is left at
     * {@code parquet} unless every value parsed.
     */
    public Dataset<Row> readInto(Path csv, Contract contract, Path parquet) throws SchemaMismatchException, IOException {
        return readInto(csv, contract, parquet, 0);
    }

    /**
     * {@link #readInto(Path, Contract, Path)}; a file of at most {@code inMemoryRows} rows (counted by the
     * byte pass, before Spark starts) is also held in memory as it is typed, in the same scan that writes
     * the Parquet, and the returned data reads from there: the caller's checks and profile then read the file
     * no second time, and pay no Parquet read or file listing per job. The caller unpersists it.
     * Measured on the bundled 7,043 rows: the step's jobs went from 12 to 9 and its reads of the data from
     * 5 to 1 with the profile's distributions riding in the checks' scan ({@code ValidateSmallFileCostTest}).
     */
    public Dataset<Row> readInto(Path csv, Contract contract, Path parquet, long inMemoryRows)
            throws SchemaMismatchException, IOException {
        Parse parse = parse(csv, contract, false, true);
        Observation observation = new Observation("pitstop_parse");
        Dataset<Row> typed = parse.flagged.observe(observation, badCount(contract).as("bad")).select(parse.typedColumns());
        // Held as typed: the observation is computed once, by the write that fills the cache, never again.
        boolean inMemory = parse.rows() <= inMemoryRows;
        if (inMemory) {
            typed = typed.persist(StorageLevel.MEMORY_AND_DISK());
            // Small: compiling the parse's expressions would take longer than interpreting them.
            try (var interpreted = InterpretedExecution.on(spark)) {
                typed.write().mode(SaveMode.ErrorIfExists).parquet(parquet.toString());
            }
        } else {
            typed.write().mode(SaveMode.ErrorIfExists).parquet(parquet.toString());
        }
        Map<String, Object> seen;
        try {
            seen = observation.getAsJava();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the parse counts of " + csv, e);
        }
        Object bad = seen.get("bad");
        long badCount = bad == null ? 0 : ((Number) bad).longValue();
        if (badCount > 0) {
            if (inMemory) typed.unpersist();
            FileTree.delete(parquet);
            throw locate(csv, contract, parse, badCount);
        }
        if (inMemory) return typed;
        // The schema as written, so reading needs no job to infer it from the files' footers.
        return spark.read().schema(typed.schema()).parquet(parquet.toString());
    }

    /**
     * @param rowsRequired refuse a file with a header and no rows (training data); a batch to score may be
     *                     empty, and the scoring step says so in its own words
     */
    private Parse parse(Path csv, Contract contract, boolean undeclaredAllowed, boolean rowsRequired)
            throws SchemaMismatchException, IOException {
        requireFile(csv);
        CsvLayout layout = CsvLayout.of(csv);
        CsvHeader header = new CsvHeader(csv, layout.header());
        List<DataProblem> headerProblems = header.compareWith(contract, undeclaredAllowed);
        if (!headerProblems.isEmpty()) throw new SchemaMismatchException(csv, headerProblems, headerProblems.size());
        if (layout.raggedTotal() > 0) {
            throw new SchemaMismatchException(csv, "has rows whose fields do not line up with its header",
                    layout.ragged(), layout.raggedTotal());
        }
        if (rowsRequired && layout.rows() == 0) {
            // Said once, here: checks on zero rows would each report a value that cannot be measured.
            throw new SchemaMismatchException(csv, "has no rows", List.of(new DataProblem(csv, 1, null,
                    "only a header; there is nothing to validate")), 1);
        }

        // Every field as a string, named from the file's own header, so columns are matched by name.
        List<StructField> fields = new ArrayList<>();
        for (String name : header.names()) fields.add(DataTypes.createStructField(name, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(MALFORMED, DataTypes.StringType, true));
        Dataset<Row> strings = spark.read()
                .option("header", "true")
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", MALFORMED)
                .option("nullValue", "")
                // RFC 4180: a quote inside a quoted field is written "" (Spark's default escape is a backslash).
                .option("escape", "\"")
                .option("multiLine", layout.quotedLineBreaks())
                .schema(new StructType(fields.toArray(StructField[]::new)))
                .csv(csv.toString());

        List<Column> selected = new ArrayList<>();
        for (ColumnSpec column : contract.columns()) {
            if (column.isDerived()) {
                selected.add(DerivedKey.of(column, contract, DatasetReader::typed).as(column.name()));
            } else {
                selected.add(typed(column).as(column.name()));
                selected.add(unparsed(column).as(flagName(column)));
            }
        }
        selected.add(col(MALFORMED));
        return new Parse(strings, strings.select(selected.toArray(Column[]::new)), contract, layout.rows());
    }

    /** The columns read from the file, each with a flag for values that do not parse. */
    private static List<ColumnSpec> readColumns(Contract contract) {
        return contract.columns().stream().filter(c -> !c.isDerived()).toList();
    }

    private record Parse(Dataset<Row> strings, Dataset<Row> flagged, Contract contract, long rows) {
        Column[] typedColumns() {
            return contract.columns().stream().map(c -> col(c.name())).toArray(Column[]::new);
        }

        Dataset<Row> typed() {
            return flagged.select(typedColumns());
        }
    }

    /** The column cast to its declared type; blank means null, and a value that fails to parse is null too. */
    private static Column typed(ColumnSpec column) {
        Column raw = col(column.name());
        Column value = trim(raw);
        return switch (column.type()) {
            case STRING -> when(raw.equalTo(lit("")), lit(null).cast(DataTypes.StringType)).otherwise(raw);
            case INTEGER, LONG -> when(value.rlike("^[+-]?[0-9]+$"), value.cast(sparkType(column.type())))
                    .otherwise(lit(null).cast(sparkType(column.type())));
            default -> when(value.equalTo(lit("")), lit(null).cast(sparkType(column.type())))
                    .otherwise(value.cast(sparkType(column.type())));
        };
    }

    /** The raw text when a non-blank value did not survive the cast; null otherwise. */
    private static Column unparsed(ColumnSpec column) {
        Column raw = col(column.name());
        if (column.type() == ColumnType.STRING) return lit(null).cast(DataTypes.StringType);
        return when(raw.isNotNull().and(trim(raw).notEqual(lit(""))).and(typed(column).isNull()), raw);
    }

    private static String flagName(ColumnSpec column) {
        return "__pitstop_unparsed_" + column.name();
    }

    /** Number of unparsable values plus lines with the wrong number of fields. */
    private static Column badCount(Contract contract) {
        Column bad = when(col(MALFORMED).isNotNull(), 1L).otherwise(0L);
        for (ColumnSpec column : readColumns(contract)) {
            bad = bad.plus(when(col(flagName(column)).isNotNull(), 1L).otherwise(0L));
        }
        return sum(bad);
    }

    /**
     * Finds the lines of the first bad rows. Costs another scan, but only on the failure path: row
     * positions come from zipWithIndex over the file's rows in order, and {@link CsvLayout#linesOf} turns
     * them into the lines they start on (a quoted line break or a blank line moves every later row).
     */
    private SchemaMismatchException locate(Path csv, Contract contract, Parse parse, long badValues) throws IOException {
        List<Column> reasons = new ArrayList<>();
        for (ColumnSpec column : readColumns(contract)) {
            Column raw = col(flagName(column));
            reasons.add(when(raw.isNotNull(), concat(lit(column.name() + "\u0000'"), raw,
                    lit("' is not " + article(column.type()) + " " + column.type().yamlName()))));
        }
        int headerFields = parse.strings.columns().length - 1;
        reasons.add(when(col(MALFORMED).isNotNull(), concat(lit("\u0000the line does not have the header's "
                + headerFields + " fields: "), col(MALFORMED))));
        List<Tuple2<Row, Long>> rows = parse.flagged.select(reasons.toArray(Column[]::new))
                .javaRDD()
                .zipWithIndex()
                .filter(t -> {
                    for (int i = 0; i < t._1().length(); i++) if (!t._1().isNullAt(i)) return true;
                    return false;
                })
                .take(REPORTED_PROBLEMS);
        Map<Long, Long> lines = CsvLayout.linesOf(csv, rows.stream().map(Tuple2::_2).toList());
        List<DataProblem> problems = new ArrayList<>();
        for (Tuple2<Row, Long> t : rows) {
            long line = lines.getOrDefault(t._2(), 0L);
            for (int i = 0; i < t._1().length() && problems.size() < REPORTED_PROBLEMS; i++) {
                if (t._1().isNullAt(i)) continue;
                String[] parts = t._1().getString(i).split("\u0000", 2);
                problems.add(new DataProblem(csv, line, parts[0].isEmpty() ? null : parts[0], parts[1]));
            }
        }
        if (problems.isEmpty()) {
            // The counting scan saw bad values that the locating scan did not: the file changed in between.
            problems.add(new DataProblem(csv, 0, null, badValues + " value(s) did not parse as their declared types,"
                    + " but a second read found none; was the file changed while it was read?"));
        }
        return new SchemaMismatchException(csv, problems, Math.max(badValues, problems.size()));
    }

    private static String article(ColumnType type) {
        return type == ColumnType.INTEGER ? "an" : "a";
    }

}
