package io.pitstop.steps.score;

import io.delta.tables.DeltaTable;
import io.pitstop.engine.predictions.ErasedRows;
import io.pitstop.engine.predictions.ErasureRefusedException;
import io.pitstop.steps.spark.ColumnNames;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Erasure from a Delta table and from every older data file it left on disk: a delete (one commit;
 * readers see the old version or the new one), then the data files the new version does not
 * reference are deleted: Delta's VACUUM with a zero retention, for this call only. That is what makes
 * the erasure reach older versions, and what ends time travel to them: their log entries remain, their
 * files do not. Afterwards every data file still on disk is read with the plain Parquet reader (not
 * through the Delta log) and must hold no key.
 *
 * <p>Tables with deletion vectors would keep a deleted row in its file (only marked); their files are
 * rewritten ({@code REORG ... APPLY (PURGE)}) before the VACUUM so the old ones become unreferenced.
 */
final class DeltaErasure {

    private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
    private static final String COMMIT_USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
    private static final String ERASED = "pitstop_erased_key";
    private static final String DELETION_VECTORS = "delta.enableDeletionVectors";

    private final SparkSession spark;

    DeltaErasure(SparkSession spark) {
        this.spark = spark;
    }

    ErasedRows erase(String table, String keyColumn, Set<String> keys, String commitNote) {
        DeltaTable delta = DeltaTable.forPath(spark, table);
        ErasureKeyValues values = ErasureKeyValues.of(table, keyColumn(delta, table, keyColumn), keys);
        String column = values.column();
        Column match = values.match(ColumnNames.column(column));
        long before = latestVersion(delta);

        Set<String> current = new HashSet<>(Arrays.asList(delta.toDF().inputFiles()));
        Set<String> onDisk = dataFiles(table);
        long currentRows = delta.toDF().filter(match).count();
        long olderRows = rowsIn(onDisk.stream().filter(f -> !current.contains(f)).toList(), column, match);
        if (currentRows == 0 && olderRows == 0) return new ErasedRows(column, 0, 0, before, before, 0, 0);

        long after = before;
        if (currentRows > 0) {
            String previousNote = setting(COMMIT_USER_METADATA);
            spark.conf().set(COMMIT_USER_METADATA, commitNote);
            try {
                deleteMatching(delta, values);
            } finally {
                restore(COMMIT_USER_METADATA, previousNote);
            }
            after = latestVersion(delta);
            java.util.Map<String, String> properties = delta.detail().select("properties").first().getJavaMap(0);
            if ("true".equalsIgnoreCase(properties.get(DELETION_VECTORS))) {
                spark.sql("REORG TABLE delta.`" + table.replace("`", "``") + "` APPLY (PURGE)");
            }
        }
        FaultPoint.ERASE_DELETED.reach();
        vacuumEverythingUnreferenced(delta);

        Set<String> left = dataFiles(table);
        long stillThere = rowsIn(left.stream().toList(), column, match);
        if (stillThere > 0) {
            throw new IllegalStateException(stillThere + " rows holding an erased key are still in data files of " + table
                    + " after the VACUUM; run the erasure again");
        }
        int removed = (int) onDisk.stream().filter(f -> !left.contains(f)).count();
        return new ErasedRows(column, currentRows, olderRows, before, after, removed, logFilesNaming(table, values).size());
    }

    /**
     * The DELETE, as a MERGE with the keys as its source: a {@code DELETE WHERE key IN (...)} would
     * write the keys into the commit's {@code operationParameters.predicate} in the Delta log, where
     * they would outlive the erasure; a MERGE logs only its join condition.
     */
    private void deleteMatching(DeltaTable delta, ErasureKeyValues values) {
        delta.as("t").merge(values.source(spark, ERASED).as("s"), values.joins(ERASED))
                .whenMatched().delete()
                .execute();
    }

    /** The named column, or the table's first (scoring writes the key first). */
    private static StructField keyColumn(DeltaTable delta, String table, String named) {
        StructField[] fields = delta.toDF().schema().fields();
        if (named == null) return fields[0];
        for (StructField f : fields) if (f.name().equals(named)) return f;
        throw new ErasureRefusedException(table + " has no column '" + named + "'; its columns: "
                + Arrays.stream(fields).map(StructField::name).toList() + "; nothing erased");
    }

    private static long latestVersion(DeltaTable delta) {
        return delta.history(1).select("version").first().getLong(0);
    }

    /**
     * VACUUM with no retention: every file the current version does not reference goes. Delta refuses
     * a retention under its safety interval unless the check is off; it is off for this call only.
     */
    private void vacuumEverythingUnreferenced(DeltaTable delta) {
        String previous = setting(RETENTION_CHECK);
        spark.conf().set(RETENTION_CHECK, "false");
        boolean pausing = FaultPoint.ERASE_VACUUMING.armed();
        if (pausing) {
            spark.conf().set("fs.file.impl", PausingDeletes.class.getName());
            spark.conf().set("fs.file.impl.disable.cache", "true");
        }
        try {
            delta.vacuum(0.0);
        } finally {
            restore(RETENTION_CHECK, previous);
            if (pausing) spark.conf().unset("fs.file.impl");
        }
    }

    /** The session's own value of a setting, null when it has its default (getOption would answer the default). */
    private String setting(String key) {
        var value = spark.conf().getAll().get(key);
        return value.isDefined() ? value.get() : null;
    }

    private void restore(String key, String previous) {
        if (previous == null) spark.conf().unset(key);
        else spark.conf().set(key, previous);
    }

    /** Rows matching among data files, read as plain Parquet, not through the log. */
    private long rowsIn(List<String> files, String column, Column match) {
        if (files.isEmpty()) return 0;
        return spark.read().parquet(files.toArray(String[]::new)).select(ColumnNames.column(column))
                .filter(match).count();
    }

    /**
     * Files of the log that name a key as a value: a file's minimum or maximum of the key column in the
     * statistics of an {@code add} or {@code remove} action, in a commit (JSON) or a checkpoint (Parquet,
     * also the sidecars of a v2 checkpoint). Log cleanup replaces old commits by checkpoints, which carry the
     * statistics of every file still in the table; both are read whole, so this is an exact count, not a sample.
     */
    List<String> logFilesNaming(String table, ErasureKeyValues values) {
        Path log = new Path(table, "_delta_log");
        List<String> naming = new java.util.ArrayList<>();
        try {
            FileSystem fs = log.getFileSystem(spark.sessionState().newHadoopConf());
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(log, true);
            while (files.hasNext()) {
                Path file = files.next().getPath();
                String name = file.getName();
                boolean named;
                if (name.endsWith(".json") && !file.getParent().getName().equals("_sidecars")) {
                    try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(fs.open(file),
                            java.nio.charset.StandardCharsets.UTF_8))) {
                        named = in.lines().anyMatch(line -> actionNames(line, values));
                    }
                } else if (name.endsWith(".parquet")) {
                    var actions = spark.read().parquet(file.toString()).toJSON().toLocalIterator();
                    named = false;
                    while (!named && actions.hasNext()) named = actionNames(actions.next(), values);
                } else {
                    continue;
                }
                if (named) naming.add(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + table + ": " + e.getMessage(), e);
        }
        return naming.stream().sorted().toList();
    }

    /** Whether one action of the log (a line of a commit, a row of a checkpoint) names a key in its file statistics. */
    private static boolean actionNames(String json, ErasureKeyValues values) {
        if (json.isBlank()) return false;
        try {
            var action = io.pitstop.engine.json.Json.MAPPER.readTree(json);
            for (String kind : List.of("add", "remove")) {
                var file = action.get(kind);
                if (file == null || !file.isObject()) continue;
                var stats = file.get("stats");
                if (stats != null && stats.isTextual() && statsName(io.pitstop.engine.json.Json.MAPPER.readTree(stats.asText()), values)) {
                    return true;
                }
                if (statsName(file.get("stats_parsed"), values)) return true;
            }
            return false;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the Delta log holds an action that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean statsName(com.fasterxml.jackson.databind.JsonNode stats, ErasureKeyValues values) {
        if (stats == null || !stats.isObject()) return false;
        for (String bound : List.of("minValues", "maxValues")) {
            var b = stats.get(bound);
            if (b != null && b.isObject() && values.names(b.get(values.column()))) return true;
        }
        return false;
    }

    /** Every Parquet data file under the table's directory, outside {@code _delta_log}, as qualified URIs. */
    Set<String> dataFiles(String table) {
        Path root = new Path(table);
        var out = new TreeSet<String>();
        try {
            FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            Path qualifiedRoot = fs.makeQualified(root);
            while (it.hasNext()) {
                Path p = it.next().getPath();
                String relative = qualifiedRoot.toUri().relativize(p.toUri()).getPath();
                if (relative.startsWith("_delta_log/") || !p.getName().endsWith(".parquet")) continue;
                out.add(p.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the files of " + table + ": " + e.getMessage(), e);
        }
        return out;
    }
}
