package io.pitstop.steps.spark;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.step.SharedResource;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one SparkSession of a run, shared by every step. Local mode by default; the profile's
 * {@code spark.master}, {@code spark.conf.*} and {@code hadoop.*} settings change that without touching the pipeline.
 * With a cluster master, executors also get {@link ExecutorDefaults}: Pitstop's class path and JVM flags.
 */
public final class SparkSessionResource implements SharedResource<SparkSession> {

    @Override
    public Class<SparkSession> type() {
        return SparkSession.class;
    }

    @Override
    public SparkSession open(Profile profile, Path projectDir) throws Exception {
        return build(profile.get("spark.master", "local[2]"), profile.stateDir(), sessionConf(profile));
    }

    /**
     * The profile's Spark settings: its {@code hadoop:} section as {@code spark.hadoop.*} (the same Hadoop
     * client settings the package store uses, so a table or input on {@code hdfs://} or {@code s3a://}
     * resolves with them), then {@code spark.conf.*}, which wins where both set a key.
     */
    static Map<String, String> sessionConf(Profile profile) {
        Map<String, String> conf = new TreeMap<>();
        profile.under("hadoop").forEach((key, value) -> conf.put("spark.hadoop." + key, value));
        conf.putAll(profile.under("spark.conf"));
        return conf;
    }

    /** Builds (or returns the JVM's existing) session with Delta Lake and Pitstop's defaults. */
    public static SparkSession build(String master, Path stateDir, Map<String, String> extraConf) throws Exception {
        Path local = Files.createDirectories(stateDir.resolve("spark"));
        var builder = SparkSession.builder()
                .appName("pitstop")
                .master(master)
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.session.timeZone", "UTC")
                // One directory per process, so a killed JVM's leftovers are known as its and removed by the next session.
                .config("spark.local.dir", SparkScratch.forThisProcess(local.resolve("local")).toString())
                .config("spark.sql.warehouse.dir", local.resolve("warehouse").toUri().toString())
                .config("spark.databricks.delta.snapshotPartitions", "2")
                // Timestamps (a prediction's scored_at) as Parquet's TIMESTAMP_MICROS, adjusted to UTC, rather
                // than Spark's default INT96: with column statistics, and read as an instant in UTC by every reader.
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                // No .crc side files in a table: Delta's _delta_log/<version>.crc (a cache of table state no
                // reader needs), and the hidden .<file>.crc Hadoop's checksumming local filesystem writes beside
                // every data and log file (Parquet and the Delta log carry checksums of their own). The raw
                // local filesystem is Spark's only, not cached, so no other Hadoop client in the JVM gets it.
                .config("spark.databricks.delta.writeChecksumFile.enabled", "false")
                .config("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem")
                .config("spark.hadoop.fs.file.impl.disable.cache", "true")
                .config("spark.hadoop.fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.RawLocalFs")
                // A VACUUM after each scoring commit (tables.retention) must not add versions of its own to the log.
                .config("spark.databricks.delta.vacuum.logging.enabled", "false");
        if (ExecutorDefaults.isCluster(master)) ExecutorDefaults.forCluster(extraConf).forEach(builder::config);
        extraConf.forEach(builder::config);
        return builder.getOrCreate();
    }

    @Override
    public void close(SparkSession session) {
        session.stop();
    }
}
