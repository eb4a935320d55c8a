package io.pitstop.steps.score;

import io.pitstop.engine.conf.TableRetention;
import io.pitstop.steps.TestSpark;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When scoring's VACUUM runs, and that it leaves the session's settings as it found them. */
class ScoringVacuumTest {

    private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

    private final SparkSession spark = TestSpark.session();

    private String table(Path dir) {
        String table = dir.resolve("t").toString();
        var schema = new StructType().add("k", DataTypes.StringType);
        for (String mode : List.of("overwrite", "overwrite")) {
            spark.createDataFrame(List.of(RowFactory.create("a")), schema).coalesce(1).write().format("delta").mode(mode).save(table);
        }
        return table;
    }

    /**
     * Log cleanup deletes a table's old commit files, so the oldest one left can be young while the table
     * is older than the retention: the table's creation time decides, and the VACUUM runs. Here every commit
     * file is made to look just written, as after a cleanup, and the table is older than a 2 s retention.
     */
    @Test
    void theTablesCreationTimeNotItsOldestCommitFileDecidesWhetherToVacuum(@TempDir Path dir) throws Exception {
        String table = table(dir);
        var retention = new TableRetention(Duration.ofSeconds(2));
        assertFalse(new BatchScorer().vacuum(spark, table, new TableRetention(Duration.ofDays(1))),
                "a table younger than its retention has no file old enough: skipped");
        Thread.sleep(2_500);
        try (Stream<Path> log = Files.list(Path.of(table, "_delta_log"))) {
            for (Path f : log.toList()) Files.setLastModifiedTime(f, FileTime.from(Instant.now()));
        }
        assertTrue(new BatchScorer().vacuum(spark, table, retention), "the table is older than the retention");
        try (Stream<Path> files = Files.list(Path.of(table))) {
            assertEquals(1, files.filter(f -> f.toString().endsWith(".parquet")).count(), "the replaced version's file is gone");
        }
    }

    @Test
    void theRetentionCheckIsRestoredToItsPreviousValueNotUnset(@TempDir Path dir) throws Exception {
        String table = table(dir);
        Thread.sleep(1_100);
        spark.conf().set(RETENTION_CHECK, "true");
        try {
            assertTrue(new BatchScorer().vacuum(spark, table, new TableRetention(Duration.ofSeconds(1))));
            assertEquals("true", spark.conf().get(RETENTION_CHECK), "the setting the session had before");
        } finally {
            spark.conf().unset(RETENTION_CHECK);
        }
        assertTrue(new BatchScorer().vacuum(spark, table, new TableRetention(Duration.ofSeconds(1))));
        assertFalse(spark.conf().getAll().contains(RETENTION_CHECK), "unset before, unset after");
    }
}
