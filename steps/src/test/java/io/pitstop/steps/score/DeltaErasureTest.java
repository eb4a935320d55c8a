package io.pitstop.steps.score;

import io.pitstop.engine.predictions.ErasedRows;
import io.pitstop.engine.predictions.ErasureRefusedException;
import io.pitstop.steps.TestSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Erasure on real Delta tables on local disk, checked in the current version, by time travel and in the raw files. */
class DeltaErasureTest {

    private static final StructType SCHEMA = new StructType()
            .add("customer_id", DataTypes.StringType).add("score", DataTypes.DoubleType)
            .add("model_name", DataTypes.StringType).add("model_version", DataTypes.StringType);

    private final SparkSession spark = TestSpark.session();

    /** Version 0: a b c; 1: d appended; 2: a b d e replace everything; 3: a f appended (a twice in the table). */
    private String table(Path dir) {
        String table = dir.resolve("predictions").toString();
        write(table, "overwrite", "a", "b", "c");
        write(table, "append", "d");
        write(table, "overwrite", "a", "b", "d", "e");
        write(table, "append", "a", "f");
        return table;
    }

    private void write(String table, String mode, String... keys) {
        List<Row> rows = Stream.of(keys).map(k -> RowFactory.create(k, 0.5, "churn", "1.0.0")).toList();
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().format("delta").mode(mode)
                .option("userMetadata", "{\"run_id\":\"r\",\"model\":\"churn\",\"model_version\":\"1.0.0\"}").save(table);
    }

    private Set<String> keysAt(String table, Long version) {
        var reader = spark.read().format("delta");
        if (version != null) reader = reader.option("versionAsOf", version);
        var out = new TreeSet<String>();
        for (Row r : reader.load(table).select("customer_id").collectAsList()) out.add(r.getString(0));
        return out;
    }

    /** Every Parquet file under the table, each read on its own by Spark's plain Parquet reader: no Delta log involved. */
    private Set<String> keysInRawFiles(Path table) throws Exception {
        var out = new TreeSet<String>();
        try (Stream<Path> files = Files.walk(table)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".parquet") && !f.toString().contains("_delta_log")).toList()) {
                for (Row r : spark.read().parquet(f.toString()).select("customer_id").collectAsList()) out.add(r.getString(0));
            }
        }
        return out;
    }

    @Test
    void anErasedKeyIsGoneFromTheCurrentVersionFromEveryOlderVersionAndFromTheFilesOnDisk(@TempDir Path dir) throws Exception {
        String table = table(dir);
        assertTrue(keysInRawFiles(Path.of(table)).contains("a"), "the old files hold the key before the erasure");

        ErasedRows erased = new DeltaPredictionTables(spark).erase(table, null, Set.of("a"), "{\"pitstop_erasure\":{}}");

        assertEquals("customer_id", erased.keyColumn(), "the first column is the key by default");
        assertEquals(2, erased.currentRows());
        assertEquals(3, erased.versionBefore());
        assertEquals(4, erased.versionAfter());
        assertTrue(erased.olderFileRows() >= 1 && erased.filesRemoved() >= 3, erased.toString());
        assertEquals(Set.of("b", "d", "e", "f"), keysAt(table, null), "other keys intact");
        for (long v = 0; v < erased.versionAfter(); v++) {
            long version = v;
            try {
                assertFalse(keysAt(table, version).contains("a"), "time travel to version " + v + " returns the key");
            } catch (Exception gone) {
                // Time travel to a version whose files were vacuumed fails; it never returns the key.
                assertTrue(String.valueOf(gone.getMessage()).contains(".parquet")
                        || gone.toString().contains("FileNotFound"), gone.toString());
            }
        }
        assertThrows(Exception.class, () -> keysAt(table, 0L), "version 0 held the key; its files are gone");
        Set<String> raw = keysInRawFiles(Path.of(table));
        assertFalse(raw.contains("a"), "a Parquet file on disk still holds the key: " + raw);
        assertEquals(Set.of("b", "d", "e", "f"), raw, "only the current version's files are left");
        // This table keeps statistics on every column (scoring tables keep them on the score only): older
        // commits of the log name the key as a file's minimum; immutable, they are reported.
        assertTrue(erased.logFilesNamingKeys() > 0, erased.toString());
    }

    @Test
    void aKeyHeldOnlyByAnOlderVersionIsStillErasedFromTheFilesOnDisk(@TempDir Path dir) throws Exception {
        String table = table(dir);
        ErasedRows erased = new DeltaPredictionTables(spark).erase(table, null, Set.of("c"), "{}");
        assertEquals(0, erased.currentRows());
        assertEquals(1, erased.olderFileRows());
        assertEquals(erased.versionBefore(), erased.versionAfter(), "no DELETE commit: the current version lacks it");
        assertFalse(keysInRawFiles(Path.of(table)).contains("c"));
        assertEquals(Set.of("a", "b", "d", "e", "f"), keysAt(table, null));
    }

    @Test
    void aKeyTheTableNeverHeldWritesNothing(@TempDir Path dir) throws Exception {
        String table = table(dir);
        Set<String> filesBefore = new DeltaErasure(spark).dataFiles(table);
        ErasedRows erased = new DeltaPredictionTables(spark).erase(table, null, Set.of("zzz"), "{}");
        assertFalse(erased.found());
        assertEquals(3, erased.versionAfter());
        assertEquals(filesBefore, new DeltaErasure(spark).dataFiles(table), "nothing vacuumed");
        assertEquals(Set.of("a", "b", "c"), keysAt(table, 0L), "time travel still works");
    }

    @Test
    void anUnknownKeyColumnIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        String table = table(dir);
        var e = assertThrows(ErasureRefusedException.class,
                () -> new DeltaPredictionTables(spark).erase(table, "customerID", Set.of("a"), "{}"));
        assertTrue(e.getMessage().contains("no column 'customerID'") && e.getMessage().contains("customer_id"), e.getMessage());
        assertEquals(Set.of("a", "b", "c"), keysAt(table, 0L));
    }

    @Test
    void aTableWithDeletionVectorsHasTheRowsPurgedFromItsFiles(@TempDir Path dir) throws Exception {
        String table = table(dir);
        spark.sql("ALTER TABLE delta.`" + table + "` SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
        new DeltaPredictionTables(spark).erase(table, null, Set.of("b"), "{}");
        assertFalse(keysInRawFiles(Path.of(table)).contains("b"), "a deletion vector only marked the row");
        assertEquals(Set.of("a", "d", "e", "f"), keysAt(table, null));
    }

    @Test
    void aTableWithStatisticsOnTheScoreOnlyAsScoringWritesItKeepsNoKeyInItsLog(@TempDir Path dir) throws Exception {
        String table = dir.resolve("scored").toString();
        spark.sql("CREATE TABLE delta.`" + table + "` (customer_id STRING, score DOUBLE, model_name STRING,"
                + " model_version STRING) USING delta TBLPROPERTIES ('" + BatchScorer.STATS_COLUMNS + "' = 'score')");
        write(table, "append", "k-erased-1", "k-kept-1");
        write(table, "overwrite", "k-erased-1", "k-kept-2");
        ErasedRows erased = new DeltaPredictionTables(spark).erase(table, null, Set.of("k-erased-1"), "{}");
        assertEquals(0, erased.logFilesNamingKeys(), erased.toString());
        try (Stream<Path> log = Files.list(Path.of(table, "_delta_log"))) {
            for (Path f : log.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains("k-erased-1"),
                        "the log names the key (a DELETE predicate or a statistic): " + f);
            }
        }
        assertEquals(Set.of("k-kept-2"), keysAt(table, null));
        // Why the erasure is a MERGE: a DELETE logs its predicate, the key with it, in the commit.
        io.delta.tables.DeltaTable.forPath(spark, table).delete("customer_id = 'k-kept-2'");
        try (Stream<Path> log = Files.list(Path.of(table, "_delta_log"))) {
            assertTrue(log.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains("k-kept-2");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }), "a DELETE's commit did not name its key");
        }
    }

    private static final StructType NUMERIC = new StructType()
            .add("customer_id", DataTypes.LongType).add("score", DataTypes.DoubleType);

    private void writeNumeric(String table, String mode, long... keys) {
        List<Row> rows = java.util.Arrays.stream(keys).mapToObj(k -> RowFactory.create(k, 0.5)).toList();
        spark.createDataFrame(rows, NUMERIC).coalesce(1).write().format("delta").mode(mode).save(table);
    }

    /**
     * A bigint key column matched as numbers: {@code --key 42} erases 42. The table keeps statistics on the key
     * and a checkpoint every two commits; the commits before the checkpoint are deleted, as Delta's log cleanup
     * does once they pass the log retention, so the checkpoint is the only place left naming 42 as a file's
     * minimum and maximum, and it is counted.
     */
    @Test
    void aNumericKeyIsMatchedAsANumberAndTheCheckpointNamingItIsCounted(@TempDir Path dir) throws Exception {
        String table = dir.resolve("numeric").toString();
        spark.sql("CREATE TABLE delta.`" + table + "` (customer_id BIGINT, score DOUBLE) USING delta"
                + " TBLPROPERTIES ('delta.checkpointInterval' = '2')");
        writeNumeric(table, "append", 1, 2, 3);   // version 1
        writeNumeric(table, "append", 42);        // version 2: a checkpoint, whose add of this file has min = max = 42
        writeNumeric(table, "append", 7);         // version 3
        Path log = Path.of(table, "_delta_log");
        assertTrue(Files.exists(log.resolve("00000000000000000002.checkpoint.parquet")), "a checkpoint at version 2");
        for (int v = 0; v <= 2; v++) Files.delete(log.resolve(String.format("%020d.json", v)));

        ErasedRows erased = new DeltaPredictionTables(spark).erase(table, null, Set.of("42"), "{}");

        assertEquals(1, erased.currentRows(), erased.toString());
        assertEquals(Set.of(1L, 2L, 3L, 7L), new TreeSet<>(spark.read().format("delta").load(table).select("customer_id")
                .as(org.apache.spark.sql.Encoders.LONG()).collectAsList()));
        var field = spark.read().format("delta").load(table).schema().apply("customer_id");
        List<String> naming = new DeltaErasure(spark).logFilesNaming(table, ErasureKeyValues.of(table, field, Set.of("42")));
        assertTrue(naming.contains("00000000000000000002.checkpoint.parquet"), "the checkpoint names 42: " + naming);
        assertEquals(naming.size(), erased.logFilesNamingKeys(), naming + " " + erased);
        assertEquals(List.of(), new DeltaErasure(spark).logFilesNaming(table, ErasureKeyValues.of(table, field, Set.of("4"))),
                "4 is no file's minimum or maximum, though '4' is in the text of '42'");
        assertTrue(Files.exists(log.resolve("00000000000000000002.checkpoint.parquet")));
    }

    @Test
    void aKeyThatIsNoNumberForANumericKeyColumnIsRefusedNamingTheColumn(@TempDir Path dir) throws Exception {
        String table = dir.resolve("numeric").toString();
        writeNumeric(table, "overwrite", 1, 42);
        var e = assertThrows(ErasureRefusedException.class,
                () -> new DeltaPredictionTables(spark).erase(table, null, Set.of("42", "cust-42"), "{}"));
        assertTrue(e.getMessage().contains("the key column 'customer_id' of " + table + " holds bigint values, and the key "
                + "'cust-42' is not a number; nothing erased"), e.getMessage());
        var fraction = assertThrows(ErasureRefusedException.class,
                () -> new DeltaPredictionTables(spark).erase(table, null, Set.of("42.5"), "{}"));
        assertTrue(fraction.getMessage().contains("'42.5' is not a whole number"), fraction.getMessage());
        assertEquals(0, io.delta.tables.DeltaTable.forPath(spark, table).history(1).select("version").first().getLong(0),
                "nothing was written");
    }
}
