package io.pitstop.steps.outcomes;

import io.delta.tables.DeltaTable;
import io.pitstop.engine.json.Json;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

import static io.pitstop.steps.spark.ColumnNames.column;

/**
 * The outcomes accepted so far, a Delta table of their own: one commit per accepted file, so which outcomes
 * a report was computed on is a table version, and any earlier state is readable by time travel. Columns:
 * the key (as the file typed it), {@code outcome} (as text), {@code known_at} (a timestamp), {@code run_id}
 * (the run that added it).
 *
 * <p>One outcome per key: a file holding a key twice, or a key the table holds with another outcome or time,
 * is refused whole, naming the keys. A row the table already holds exactly is not added again, so a retried
 * or repeated file changes nothing.
 */
final class OutcomeStore {

    static final String OUTCOME = "outcome";
    static final String KNOWN_AT = "known_at";
    static final String RUN_ID = "run_id";
    private static final int NAMED = 10;

    /** What adding a file did: rows added and rows the table held already, or why nothing was added. */
    record Intake(long added, long alreadyStored, Optional<String> refusal, long version) {
    }

    private final SparkSession spark;
    private final String location;
    private final String key;

    OutcomeStore(SparkSession spark, String location, String key) {
        this.spark = spark;
        this.location = location;
        this.key = key;
    }

    boolean exists() {
        return DeltaTable.isDeltaTable(spark, location);
    }

    /** The stored outcomes at the latest version. */
    Dataset<Row> current() {
        return spark.read().format("delta").load(location);
    }

    long version() {
        return DeltaTable.forPath(spark, location).history(1).select("version").first().getLong(0);
    }

    /**
     * Adds the file's outcomes in one commit, or none of them.
     *
     * @param batch columns key, outcome (text) and known_at (timestamp), as {@link #normalise} gives them
     */
    Intake add(Dataset<Row> batch, String runId, String file) {
        Dataset<Row> cached = batch.cache();
        try {
            return addCached(cached, runId, file);
        } finally {
            cached.unpersist();
        }
    }

    private Intake addCached(Dataset<Row> batch, String runId, String file) {
        List<Row> twice = batch.groupBy(column(key)).count().filter(functions.col("count").gt(1))
                .orderBy(column(key)).limit(NAMED).collectAsList();
        if (!twice.isEmpty()) {
            long keys = batch.groupBy(column(key)).count().filter(functions.col("count").gt(1)).count();
            return refused(file + " holds " + keys + " key(s) more than once (one outcome per key): "
                    + String.join(", ", twice.stream().map(r -> key + " " + r.get(0) + " (" + r.getLong(1) + " rows)").toList()));
        }
        long alreadyStored = 0;
        Dataset<Row> fresh = batch;
        if (exists()) {
            Dataset<Row> stored = current().select(column(key).as("s_key"), column(OUTCOME).as("s_outcome"),
                    column(KNOWN_AT).as("s_known_at"), column(RUN_ID).as("s_run"));
            Dataset<Row> same = batch.join(stored, column(key).cast(DataTypes.StringType)
                    .equalTo(functions.col("s_key").cast(DataTypes.StringType)));
            List<Row> conflicting = same.filter(column(OUTCOME).notEqual(functions.col("s_outcome"))
                            .or(column(KNOWN_AT).notEqual(functions.col("s_known_at"))))
                    .orderBy(column(key)).limit(NAMED).collectAsList();
            if (!conflicting.isEmpty()) {
                return refused(file + " gives another outcome for key(s) already recorded in " + location + ": "
                        + String.join("; ", conflicting.stream().map(r -> key + " " + r.getAs(key) + " is "
                        + r.getAs("s_outcome") + " known at " + r.getAs("s_known_at") + " (run " + r.getAs("s_run")
                        + "), the file says " + r.getAs(OUTCOME) + " known at " + r.getAs(KNOWN_AT)).toList()));
            }
            alreadyStored = same.count();
            fresh = batch.join(stored, column(key).cast(DataTypes.StringType)
                    .equalTo(functions.col("s_key").cast(DataTypes.StringType)), "left_anti");
        }
        long added = fresh.count();
        if (added > 0) {
            var meta = new LinkedHashMap<String, Object>();
            meta.put("run_id", runId);
            meta.put("file", file);
            meta.put("rows", added);
            try {
                fresh.withColumn(RUN_ID, functions.lit(runId)).write().format("delta").mode("append")
                        .option("userMetadata", Json.MAPPER.writeValueAsString(meta)).save(location);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Intake(added, alreadyStored, Optional.empty(), exists() ? version() : -1);
    }

    private static Intake refused(String why) {
        return new Intake(0, 0, Optional.of(why), -1);
    }
}
