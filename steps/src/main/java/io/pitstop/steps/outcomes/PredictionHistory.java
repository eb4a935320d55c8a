package io.pitstop.steps.outcomes;

import io.pitstop.engine.predictions.PredictionTables;
import io.pitstop.engine.predictions.TableVersion;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.pitstop.steps.spark.ColumnNames.column;

/**
 * Every prediction a prediction table ever published, from its Delta history: each scoring run's rows are
 * read from the version that run's commit made (time travel), so a key merged over or replaced by a later
 * run still has its earlier score. A commit without a run (a restore) published no new prediction.
 *
 * <p>Cost: one filtered read per scoring run, each as large as the table was then; fine for nightly runs
 * over months, not for years of hourly appends (which would want Delta's change data feed).
 */
final class PredictionHistory {

    static final String SCORE = "score";
    static final String DECISION = "decision";
    static final String MODEL_VERSION = "model_version";
    static final String RUN_ID = "run_id";
    static final String SCORED_AT = "scored_at";

    private PredictionHistory() {
    }

    /**
     * The key, score, decision, model version, run id, scoring time and the slice columns of every published
     * prediction; null when no scoring run committed to the table.
     */
    static Dataset<Row> read(SparkSession spark, PredictionTables tables, String table, String key, List<String> slices) {
        List<TableVersion> oldestFirst = new ArrayList<>(tables.history(table));
        java.util.Collections.reverse(oldestFirst);
        List<Column> columns = new ArrayList<>(List.of(column(key), column(SCORE), column(DECISION), column(MODEL_VERSION),
                column(RUN_ID), column(SCORED_AT)));
        slices.forEach(s -> columns.add(column(s)));
        Set<String> runs = new HashSet<>();
        Dataset<Row> all = null;
        for (TableVersion version : oldestFirst) {
            // A run's rows enter in one commit; a later commit naming the same run (none today) adds nothing new.
            if (version.runId() == null || !runs.add(version.runId())) continue;
            Dataset<Row> rows = spark.read().format("delta").option("versionAsOf", version.version()).load(table)
                    .filter(column(RUN_ID).equalTo(version.runId()))
                    .select(columns.toArray(Column[]::new));
            all = all == null ? rows : all.unionByName(rows);
        }
        return all;
    }
}
