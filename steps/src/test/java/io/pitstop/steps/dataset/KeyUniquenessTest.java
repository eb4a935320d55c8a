package io.pitstop.steps.dataset;

import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.metrics.DoubleMetric;
import io.pitstop.steps.ScanCounter;
import io.pitstop.steps.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.collection.JavaConverters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KeyUniqueness against Deequ's own Uniqueness, on the same small real columns: the same value, every time. */
class KeyUniquenessTest {

    private static Dataset<Row> column(DataType type, Object... values) {
        List<Row> rows = new ArrayList<>();
        for (Object v : values) rows.add(RowFactory.create(v));
        return TestSpark.session().createDataFrame(rows,
                DataTypes.createStructType(List.of(DataTypes.createStructField("key", type, true))));
    }

    private static DoubleMetric deequs(Dataset<Row> data) {
        return new Uniqueness(JavaConverters.asScalaBuffer(List.of("key")).toList(), Option.empty(), Option.empty())
                .calculate(data, Option.empty(), Option.empty(), Option.empty());
    }

    private static DoubleMetric ours(Dataset<Row> data) {
        return new KeyUniqueness("key").calculate(data, Option.empty(), Option.empty(), Option.empty());
    }

    private static void sameAsDeequ(Dataset<Row> data, double expected) {
        DoubleMetric theirs = deequs(data);
        DoubleMetric mine = ours(data);
        assertEquals(expected, (Double) theirs.value().get(), 1e-12, "Deequ's own, on " + data.collectAsList());
        assertEquals(theirs.value().get(), mine.value().get(), "on " + data.collectAsList());
        assertEquals(theirs.name(), mine.name());
        assertEquals(theirs.instance(), mine.instance());
    }

    @Test
    void distinctKeysAreUniqueAndRowsWithoutAKeyDoNotCount() {
        sameAsDeequ(column(DataTypes.StringType, "C1", "C2", "C3", "C4"), 1.0);
        sameAsDeequ(column(DataTypes.StringType, "C1", null, "C3", null), 1.0);
        sameAsDeequ(column(DataTypes.LongType, 1L, 2L, 3L, 4L, 5L), 1.0);
        sameAsDeequ(column(DataTypes.IntegerType, 7, null, 9), 1.0);
    }

    @Test
    void duplicatedKeysGetDeequsExactShare() {
        sameAsDeequ(column(DataTypes.StringType, "C1", "C2", "C2", "C3", "C3", "C3"), 1.0 / 6);
        sameAsDeequ(column(DataTypes.IntegerType, 1, 1, 2, null), 1.0 / 3);
    }

    @Test
    void datesTimestampsBooleansAndDecimalsAgreeWithDeequ() {
        var d = java.sql.Date.valueOf("2026-11-23");
        var t = java.sql.Timestamp.valueOf("2026-11-23 08:00:00");
        sameAsDeequ(column(DataTypes.DateType, d, java.sql.Date.valueOf("2026-11-24"), null), 1.0);
        sameAsDeequ(column(DataTypes.DateType, d, d, java.sql.Date.valueOf("2026-11-24")), 1.0 / 3);
        sameAsDeequ(column(DataTypes.TimestampType, t, java.sql.Timestamp.valueOf("2026-11-23 08:00:01")), 1.0);
        sameAsDeequ(column(DataTypes.TimestampType, t, t), 0.0);
        sameAsDeequ(column(DataTypes.BooleanType, true, false), 1.0);
        sameAsDeequ(column(DataTypes.BooleanType, true, false, true), 1.0 / 3);
        sameAsDeequ(column(DataTypes.createDecimalType(10, 2), new java.math.BigDecimal("1.50"),
                new java.math.BigDecimal("1.50"), new java.math.BigDecimal("2.00")), 1.0 / 3);
    }

    @Test
    void floatingPointKeysGoToDeequBecauseZeroAndMinusZeroAreOneValue() {
        sameAsDeequ(column(DataTypes.DoubleType, 0.0, -0.0, 1.5), 1.0 / 3);
    }

    @Test
    void distinctKeysCostOneReadAndNoGroupBy(@TempDir Path tmp) {
        Dataset<Row> telco = TestSpark.session().read().parquet(
                io.pitstop.steps.TelcoData.validatedParquet(tmp, 500).toString());
        telco.count();
        var byHashes = ScanCounter.measure(() -> new KeyUniqueness("customer_id")
                .calculate(telco, Option.empty(), Option.empty(), Option.empty()));
        var byDeequ = ScanCounter.measure(() -> new Uniqueness(JavaConverters.asScalaBuffer(List.of("customer_id")).toSeq(),
                Option.empty(), Option.empty()).calculate(telco, Option.empty(), Option.empty(), Option.empty()));

        assertEquals(1.0, byHashes.result().value().get());
        assertEquals(byDeequ.result().value().get(), byHashes.result().value().get());
        assertEquals(1, byHashes.scans(), "one read; jobs: " + byHashes.jobs());
        assertTrue(byDeequ.jobs() > byHashes.jobs() || byDeequ.scans() > 1,
                "Deequ's group-by: scans " + byDeequ.scans() + ", jobs " + byDeequ.jobs() + "; ours: jobs " + byHashes.jobs());
    }

    @Test
    void noRowsOrOnlyNullsIsNoUniquenessAsInDeequ() {
        for (Dataset<Row> empty : List.of(column(DataTypes.StringType), column(DataTypes.StringType, null, null))) {
            assertTrue(deequs(empty).value().isFailure(), "Deequ's own");
            assertTrue(ours(empty).value().isFailure());
            assertEquals(deequs(empty).value().failed().get().getMessage(), ours(empty).value().failed().get().getMessage());
        }
    }

    @Test
    void sharesAreNeverMergedBecauseUniqueInTwoPartsIsNotUniqueInBoth() {
        var metric = ours(column(DataTypes.StringType, "C1", "C2"));
        var share = new KeyUniqueness.Share(metric);
        var e = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> share.sum(share));
        assertTrue(e.getMessage().contains("uniqueness of key"), e.getMessage());
    }

    @Test
    void aMissingColumnFailsTheMetricNamingIt() {
        DoubleMetric m = new KeyUniqueness("no_such_key").calculate(column(DataTypes.StringType, "a"),
                Option.empty(), Option.empty(), Option.empty());
        assertTrue(m.value().isFailure());
        assertTrue(m.value().failed().get().getMessage().contains("no_such_key"), m.value().failed().get().getMessage());
        assertEquals("no_such_key", m.instance());
    }
}
