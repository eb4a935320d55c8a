package io.pitstop.steps.dataset;

import io.pitstop.steps.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class DatasetReaderTest {

    public static Path csv(String name) {
        return Path.of("src/test/resources/data", name).toAbsolutePath();
    }

    private final DatasetReader reader = new DatasetReader(TestSpark.session());

    @Test
    void theSliceIsTypedByTheContractWithEmptyFieldsAsNulls() throws Exception {
        Dataset<Row> df = reader.read(csv("telco-slice.csv"), TelcoContract.with());

        assertEquals(31, df.count());
        assertEquals(DataTypes.IntegerType, df.schema().apply("tenure").dataType());
        assertEquals(DataTypes.DoubleType, df.schema().apply("total_charges").dataType());
        assertEquals(DataTypes.StringType, df.schema().apply("contract").dataType());
        assertEquals(21, df.columns().length);
        Row empty = df.filter("customer_id = 'C000489'").first();
        assertTrue(empty.isNullAt(empty.fieldIndex("total_charges")), "an empty field is a null");
        assertEquals(0, empty.getInt(empty.fieldIndex("tenure")));
        Row first = df.filter("customer_id = 'C000001'").first();
        assertEquals(29.85, first.getDouble(first.fieldIndex("monthly_charges")), 1e-9);
    }

    @Test
    void aMissingColumnIsNamedBeforeSparkReadsAnyRow() {
        var e = assertThrows(SchemaMismatchException.class,
                () -> reader.read(csv("missing-column.csv"), TelcoContract.with()));

        assertEquals(1, e.problems().size(), e.getMessage());
        DataProblem p = e.problems().get(0);
        assertEquals("contract", p.column());
        assertEquals(1, p.line());
        assertTrue(p.message().contains("missing from the header"), p.message());
        assertTrue(p.message().contains("telco-churn.yaml:19:5"), "points at the declaration: " + p.message());
    }

    @Test
    void anExtraColumnIsNamedWithItsPosition() {
        var e = assertThrows(SchemaMismatchException.class,
                () -> reader.read(csv("extra-column.csv"), TelcoContract.with()));

        assertEquals(List.of("region"), e.problems().stream().map(DataProblem::column).toList());
        assertTrue(e.getMessage().contains("region: is in the header (field 22) but not declared"), e.getMessage());
    }

    @Test
    void aMisspelledColumnIsBothMissingAndExtraWithASuggestion() {
        var e = assertThrows(SchemaMismatchException.class,
                () -> reader.read(csv("misspelled-column.csv"), TelcoContract.with()));

        assertEquals(List.of("monthly_charges", "monthly_charge"), e.problems().stream().map(DataProblem::column).toList());
        assertTrue(e.problems().get(1).message().endsWith("did you mean monthly_charges?"), e.getMessage());
    }

    @Test
    void valuesThatDoNotParseAreReportedWithColumnAndLineNotTurnedIntoNulls() {
        var e = assertThrows(SchemaMismatchException.class,
                () -> reader.read(csv("bad-number.csv"), TelcoContract.with()));

        assertEquals(2, e.total());
        DataProblem tenure = e.problems().get(0);
        assertEquals("tenure", tenure.column());
        assertEquals(8, tenure.line());
        assertEquals("'twelve' is not an integer", tenure.message());
        DataProblem charges = e.problems().get(1);
        assertEquals("monthly_charges", charges.column());
        assertEquals(12, charges.line());
        assertTrue(e.getMessage().contains("bad-number.csv:8: column tenure: 'twelve' is not an integer"), e.getMessage());
    }

    @Test
    void readIntoWritesParquetInOneScanAndLeavesNothingWhenAValueIsBad(@TempDir Path tmp) throws Exception {
        Path good = tmp.resolve("good.parquet");
        Dataset<Row> written = reader.readInto(csv("telco-slice.csv"), TelcoContract.with(), good);
        assertEquals(31, written.count());
        assertEquals(DataTypes.IntegerType, written.schema().apply("tenure").dataType());
        assertEquals(21, written.columns().length, "no bookkeeping columns reach the Parquet");

        Path bad = tmp.resolve("bad.parquet");
        var e = assertThrows(SchemaMismatchException.class,
                () -> reader.readInto(csv("bad-number.csv"), TelcoContract.with(), bad));
        assertEquals(8, e.problems().get(0).line());
        assertFalse(Files.exists(bad));
    }
}
