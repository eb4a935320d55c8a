package io.pitstop.steps.score;

import io.pitstop.steps.TestSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shadow comparison pairs the champion's and the challenger's predictions of the same rows by
 * key. Staging refuses a duplicated or null key before it gets here; should such predictions reach it
 * anyway, it refuses them rather than compare multiplied pairs.
 */
class ShadowComparisonTest {

    /** Predictions staged for real: data files written by a Delta transaction on a table of their own. */
    private static StagedPredictions staged(Path dir, String version, Object[][] rows) {
        SparkSession spark = TestSpark.session();
        var list = new ArrayList<Row>();
        for (Object[] r : rows) list.add(RowFactory.create(r));
        var schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("customer_id", DataTypes.StringType, true),
                DataTypes.createStructField("score", DataTypes.DoubleType, false),
                DataTypes.createStructField("decision", DataTypes.BooleanType, false)));
        String table = dir.resolve("table-" + version).toString();
        // The table exists with the predictions' schema (as after an earlier run); the new files are not committed.
        spark.createDataFrame(List.<Row>of(), schema).write().format("delta").save(table);
        OptimisticTransaction txn = DeltaLog.forTable(spark, table).startTransaction();
        var adds = new ArrayList<AddFile>();
        for (FileAction a : JavaConverters.seqAsJavaList(txn.writeFiles(spark.createDataFrame(list, schema)))) {
            adds.add((AddFile) a);
        }
        var request = new BatchScoringRequest("customer_id", 0.5, "churn", version, "run-1",
                Instant.parse("2026-12-01T04:00:00Z"), table);
        return new StagedPredictions(request, txn, adds, rows.length, null, null, null, 0);
    }

    @Test
    void aDuplicatedKeyIsRefusedNotComparedOnMultipliedPairs(@TempDir Path dir) {
        Object[][] rows = {{"C1", 0.9, true}, {"C1", 0.2, false}, {"C2", 0.4, false}};
        var e = assertThrows(IllegalStateException.class,
                () -> ShadowComparison.of(TestSpark.session(), staged(dir, "1.0.0", rows), staged(dir, "1.1.0", rows)));
        assertEquals("cannot compare the shadow model's predictions with the champion's: matched by customer_id,"
                + " 3 and 3 rows made 5 pairs; the comparison needs a key that names each row once (unique, never null)",
                e.getMessage());
    }

    @Test
    void aNullKeyIsRefusedNotDropped(@TempDir Path dir) {
        Object[][] rows = {{"C1", 0.9, true}, {null, 0.2, false}, {"C2", 0.4, false}};
        var e = assertThrows(IllegalStateException.class,
                () -> ShadowComparison.of(TestSpark.session(), staged(dir, "1.0.0", rows), staged(dir, "1.1.0", rows)));
        assertTrue(e.getMessage().contains("3 and 3 rows made 2 pairs"), e.getMessage());
    }

    @Test
    void uniqueKeysPairEachRowWithItself(@TempDir Path dir) {
        var champion = staged(dir, "1.0.0", new Object[][]{{"C1", 0.9, true}, {"C2", 0.2, false}, {"C3", 0.6, true}});
        var challenger = staged(dir, "1.1.0", new Object[][]{{"C3", 0.4, false}, {"C1", 0.8, true}, {"C2", 0.1, false}});

        ShadowComparison c = ShadowComparison.of(TestSpark.session(), champion, challenger);

        assertEquals(3, c.rows());
        assertEquals(2.0 / 3, c.decisionAgreement(), 1e-12);
        assertTrue(c.scoreCorrelation() > 0.9, "0.9/0.8, 0.2/0.1, 0.6/0.4: " + c.scoreCorrelation());
    }
}
