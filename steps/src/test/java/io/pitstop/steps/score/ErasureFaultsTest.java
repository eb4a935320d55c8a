package io.pitstop.steps.score;

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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An erasure in a child JVM is SIGKILLed between its MERGE and its VACUUM, and in the middle of the
 * VACUUM (one older data file deleted, the others not). Each time the table's current version reads,
 * without the erased key and with every other; each older version either reads whole or fails for a
 * deleted file, never half; and running the erasure again completes it: no data file on disk holds the key.
 */
class ErasureFaultsTest {

    private static final StructType SCHEMA = new StructType().add("customer_id", DataTypes.StringType).add("score", DataTypes.DoubleType);

    private final SparkSession spark = TestSpark.session();

    @Test
    void anErasureKilledAfterItsMergeOrDuringItsVacuumLeavesAReadableTableAndARerunCompletesIt(@TempDir Path dir) throws Exception {
        for (FaultPoint point : List.of(FaultPoint.ERASE_DELETED, FaultPoint.ERASE_VACUUMING)) {
            String table = dir.resolve("table-" + point.id()).toString();
            // Version 0: a b c; 1: d appended; 2: a b d e replace everything; 3: a f appended.
            write(table, "overwrite", "a", "b", "c");
            write(table, "append", "d");
            write(table, "overwrite", "a", "b", "d", "e");
            write(table, "append", "a", "f");
            int filesBefore = dataFiles(table).size();

            Path marker = dir.resolve("paused-" + point.id());
            Process child = ChildJvm.start(dir.resolve(point.id() + ".log"), ErasureChild.class, ChildJvm.pausedAt(point, marker),
                    table, "a");
            ChildJvm.waitFor(marker, child, point);
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no cleanup
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL at " + point.id());

            assertEquals(Set.of("b", "d", "e", "f"), keysAt(table, null), point.id() + ": the MERGE committed, the key is gone");
            long latest = io.delta.tables.DeltaTable.forPath(spark, table).history(1).select("version").first().getLong(0);
            int unreadable = 0;
            for (long v = 0; v <= latest; v++) {
                if (keysOrNull(table, v) == null) unreadable++;
            }
            if (point == FaultPoint.ERASE_DELETED) {
                assertEquals(0, unreadable, "no file is deleted before the VACUUM: every version reads");
                assertTrue(dataFiles(table).size() > filesBefore, "the MERGE wrote new files and no file was deleted");
                assertTrue(dataFiles(table).stream().anyMatch(f -> keysInFile(f).contains("a")), "older files still hold the key");
            } else {
                assertTrue(unreadable > 0, "the VACUUM had deleted a file of an older version");
                assertTrue(dataFiles(table).stream().anyMatch(f -> keysInFile(f).contains("a")), "the kill left older files holding the key");
            }

            Process rerun = ChildJvm.start(dir.resolve(point.id() + "-rerun.log"), ErasureChild.class, List.of(), table, "a");
            assertTrue(rerun.waitFor(300, TimeUnit.SECONDS), "the re-run finishes");
            assertEquals(0, rerun.exitValue(), Files.readString(dir.resolve(point.id() + "-rerun.log")));
            assertEquals(Set.of("b", "d", "e", "f"), keysAt(table, null));
            for (String f : dataFiles(table)) assertFalse(keysInFile(f).contains("a"), point.id() + ": " + f + " holds the key");
            for (long v = 0; v <= latest; v++) {
                Set<String> keys = keysOrNull(table, v);
                assertTrue(keys == null || !keys.contains("a"), point.id() + ": version " + v + " returns the key");
            }
        }
    }

    private void write(String table, String mode, String... keys) {
        List<Row> rows = Stream.of(keys).map(k -> RowFactory.create(k, 0.5)).toList();
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().format("delta").mode(mode).save(table);
    }

    private Set<String> keysAt(String table, Long version) {
        var reader = spark.read().format("delta");
        if (version != null) reader = reader.option("versionAsOf", version);
        var out = new TreeSet<String>();
        for (Row r : reader.load(table).select("customer_id").collectAsList()) out.add(r.getString(0));
        return out;
    }

    /** A version's keys, or null when one of its files is gone (Spark fails the read; it never returns part of it). */
    private Set<String> keysOrNull(String table, long version) {
        try {
            return keysAt(table, version);
        } catch (Exception e) {
            assertTrue(String.valueOf(e.getMessage()).contains(".parquet") || e.toString().contains("FileNotFound"), e.toString());
            return null;
        }
    }

    private List<String> dataFiles(String table) throws Exception {
        try (Stream<Path> files = Files.list(Path.of(table))) {
            return files.map(Path::toString).filter(f -> f.endsWith(".parquet")).sorted().toList();
        }
    }

    private Set<String> keysInFile(String file) {
        var out = new TreeSet<String>();
        for (Row r : spark.read().parquet(file).select("customer_id").collectAsList()) out.add(r.getString(0));
        return out;
    }
}
